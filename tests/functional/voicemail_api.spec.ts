import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import Voicemail from '#models/voicemail'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { leaveVoicemail } from '#telephony/simulated/inbound_player'
import { addUser, throwawayBrand, tokenFor } from '#tests/helpers'
import { raw } from '#tests/dialer_helpers'
import { numberFor } from '#tests/call_helpers'

/** A brand whose member holds a number with two voicemails (newest last), and a token for them. */
async function mailbox(config: Record<string, any> = {}) {
  const brand = await throwawayBrand(config)
  const number = await numberFor(brand.tenant, brand.member, { isPrimary: true })
  const snapshot = (await tenancy.resolver.snapshot(brand.tenant.id))!
  const older = await leaveVoicemail(snapshot, { to: number.e164, from: '+12125550143', durationSeconds: 3 })
  const newer = await leaveVoicemail(snapshot, { to: number.e164, from: '+12125550144', durationSeconds: 2 })
  return { ...brand, number, older, newer, token: await tokenFor(brand.member) }
}

const api = (client: any, method: string, url: string, host: string, token: string) => client.request(url, method).header('host', host).bearerToken(token)

test.group('Voicemail API', () => {
  test('lists the box newest first with the unread count, shows one with its audio URL, serves the audio bytes', async ({ client, assert }) => {
    const { host, token, number, older, newer, tenant } = await mailbox()
    const list = await api(client, 'GET', '/api/v1/voicemails', host, token)
    list.assertStatus(200)
    assert.deepEqual(list.body().data.map((v: any) => v.id), [newer.id, older.id])
    assert.equal(list.body().meta.unread, 2)
    assert.equal(list.body().meta.total, 2)
    const first = list.body().data[1]
    assert.equal(first.caller, '+12125550143')
    assert.equal(first.number, number.e164)
    assert.equal(first.durationSeconds, 3)
    assert.isFalse(first.read)
    assert.notProperty(first, 'audioKey')

    const shown = await api(client, 'GET', `/api/v1/voicemails/${older.id}`, host, token)
    shown.assertStatus(200)
    assert.equal(shown.body().data.audioUrl, `/api/v1/voicemails/${older.id}/audio`)
    assert.equal(shown.body().data.audioType, 'audio/wav')

    const audio = await raw('GET', `/api/v1/voicemails/${older.id}/audio`, { host, authorization: `Bearer ${token}` })
    assert.equal(audio.status, 200)
    assert.equal(audio.headers['content-type'], 'audio/wav')
    assert.equal(audio.bytes.subarray(0, 4).toString('ascii'), 'RIFF')
    assert.equal(audio.bytes.subarray(8, 12).toString('ascii'), 'WAVE')
    assert.equal(audio.bytes.length, older.audioBytes)
    assert.equal(audio.bytes.length, 44 + 3 * 8000 * 2, 'three seconds of 8 kHz 16-bit audio')
    const stored = await runForTenant(tenant, () => Voicemail.findOrFail(older.id))
    assert.deepEqual(audio.bytes, Buffer.from(await drive.use().getBytes(stored.audioKey)))

    const unreadOnly = await api(client, 'GET', '/api/v1/voicemails?unread=true', host, token)
    assert.lengthOf(unreadOnly.body().data, 2)
    const bad = await api(client, 'GET', '/api/v1/voicemails?perPage=1000', host, token)
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'perPage')
  })

  test('marking read keeps the first time, and the unread count drops', async ({ client, assert }) => {
    const { host, token, older } = await mailbox()
    const read = await api(client, 'PUT', `/api/v1/voicemails/${older.id}/read`, host, token)
    read.assertStatus(200)
    assert.isTrue(read.body().data.read)
    const again = await api(client, 'PUT', `/api/v1/voicemails/${older.id}/read`, host, token)
    assert.equal(again.body().data.readAt, read.body().data.readAt)
    const list = await api(client, 'GET', '/api/v1/voicemails?unread=true', host, token)
    assert.equal(list.body().meta.unread, 1)
    assert.lengthOf(list.body().data, 1)
  })

  test('deleting removes the row and the audio file', async ({ client, assert }) => {
    const { host, token, older, tenant } = await mailbox()
    const key = (await runForTenant(tenant, () => Voicemail.findOrFail(older.id))).audioKey
    assert.isTrue(await drive.use().exists(key))
    const removed = await api(client, 'DELETE', `/api/v1/voicemails/${older.id}`, host, token)
    removed.assertStatus(204)
    assert.isFalse(await drive.use().exists(key))
    assert.isNull(await runForTenant(tenant, () => Voicemail.find(older.id)))
    ;(await api(client, 'GET', `/api/v1/voicemails/${older.id}`, host, token)).assertStatus(404)
  })

  test('someone else message is a 404 on every route, another brand token a 401, and nothing changes', async ({ client, assert }) => {
    const { host, tenant, older } = await mailbox()
    const colleague = await tokenFor(await addUser(tenant, `colleague-${Date.now()}@example.test`, 'user'))
    const elsewhere = await mailbox()
    const routes: [string, string][] = [
      ['GET', `/api/v1/voicemails/${older.id}`],
      ['GET', `/api/v1/voicemails/${older.id}/audio`],
      ['PUT', `/api/v1/voicemails/${older.id}/read`],
      ['DELETE', `/api/v1/voicemails/${older.id}`],
    ]
    for (const [method, url] of routes) {
      const sameBrand = await api(client, method, url, host, colleague)
      assert.equal(sameBrand.status(), 404, `${method} ${url} as a colleague`)
      const otherBrandId = await api(client, method, url, elsewhere.host, elsewhere.token)
      assert.equal(otherBrandId.status(), 404, `${method} ${url} on another brand`)
      const foreignToken = await api(client, method, url, host, elsewhere.token)
      assert.equal(foreignToken.status(), 401, `${method} ${url} with another brand token`)
    }
    const list = await api(client, 'GET', '/api/v1/voicemails', elsewhere.host, elsewhere.token)
    assert.notInclude(list.body().data.map((v: any) => v.id), older.id)
    const still = await runForTenant(tenant, () => Voicemail.findOrFail(older.id))
    assert.isNull(still.readAt)
  })

  test('with voicemail switched off the API says FEATURE_DISABLED', async ({ client, assert }) => {
    const brand = await throwawayBrand({ features: { voicemail: false } })
    const response = await api(client, 'GET', '/api/v1/voicemails', brand.host, await tokenFor(brand.member))
    response.assertStatus(403)
    assert.equal(response.body().error.code, 'FEATURE_DISABLED')
  })
})

test.group('Portal voicemail', () => {
  test('the box plays each message, shows the unread badge, marks heard and deletes', async ({ client, assert }) => {
    const { host, member, older, newer, tenant } = await mailbox()
    const page = await client.get('/portal/voicemail').header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    assert.include(page.text(), 'data-unread-count="2"')
    assert.include(page.text(), `<audio controls preload="none" src="/portal/voicemail/${older.id}/audio"`)
    assert.include(page.text(), `data-voicemail-id="${newer.id}" data-unread="true"`)

    const audio = await client.get(`/portal/voicemail/${older.id}/audio`).header('host', host).withGuard('web').loginAs(member)
    audio.assertStatus(200)
    assert.equal(audio.header('content-type'), 'audio/wav')

    const heard = await client.put(`/portal/voicemail/${older.id}/read`).header('host', host).withGuard('web').loginAs(member).withCsrfToken().redirects(0)
    heard.assertStatus(302)
    const after = await client.get('/portal/voicemail').header('host', host).withGuard('web').loginAs(member)
    assert.include(after.text(), 'data-unread-count="1"')
    assert.include(after.text(), `data-voicemail-id="${older.id}" data-unread="false"`)

    const gone = await client.delete(`/portal/voicemail/${newer.id}`).header('host', host).withGuard('web').loginAs(member).withCsrfToken().redirects(0)
    gone.assertStatus(302)
    assert.isNull(await runForTenant(tenant, () => Voicemail.find(newer.id)))
  })

  test('another user message is a 404 page', async ({ client, assert }) => {
    const { host, tenant, older } = await mailbox()
    const colleague = await addUser(tenant, `peer-${Date.now()}@example.test`, 'user')
    const audio = await client.get(`/portal/voicemail/${older.id}/audio`).header('host', host).withGuard('web').loginAs(colleague)
    audio.assertStatus(404)
    const remove = await client.delete(`/portal/voicemail/${older.id}`).header('host', host).withGuard('web').loginAs(colleague).withCsrfToken().redirects(0)
    remove.assertStatus(404)
    assert.isNotNull(await runForTenant(tenant, () => Voicemail.find(older.id)))
  })
})
