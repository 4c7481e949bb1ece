import { readdir } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/tenant'
import MessageMedia from '#models/message_media'
import messaging from '#telephony/messaging/manager'
import { runForTenant } from '#tenants/context'
import type { MessagingConfig } from '#config/messaging'
import { GLOBEX, tokenFor, userOf } from '#tests/helpers'
import { raw } from '#tests/dialer_helpers'
import { reload } from '#tests/money_helpers'
import { RecordingCarrier, drainOutbox, messagesOf, texter } from '#tests/messaging_helpers'

/** A 1x1 PNG: real magic bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

const upload = (client: any, host: string, token: string, data: Buffer, filename: string, contentType: string) =>
  client.post('/api/v1/mms/media').header('host', host).bearerToken(token).file('file', data, { filename, contentType })

/**
 * What a brand has in media storage and rows. Files are counted against a count taken at the
 * start of the test: a recreated test database reuses tenant ids, the storage folder does not.
 */
async function mediaCounter(tenant: Tenant) {
  const files = async () => (await readdir(app.makePath('storage', 'tenants', String(tenant.id), 'mms')).catch(() => [])).length
  const initial = await files()
  return async () => ({ files: (await files()) - initial, rows: (await runForTenant(tenant, () => MessageMedia.query())).length })
}

/** Changes a messaging config value for one test; the returned function puts it back. */
function withConfig(key: string, value: unknown) {
  const before = app.config.get(key)
  app.config.set(key, value)
  return () => app.config.set(key, before)
}

test.group('MMS API: media uploads', (group) => {
  group.each.teardown(() => messaging.restore())

  test('an upload is stored under the brand with its detected type, served to its owner, and can be removed before it is sent', async ({ client, assert }) => {
    const { host, token, tenant } = await texter()
    const storedMedia = await mediaCounter(tenant)
    const created = await upload(client, host, token, PNG, 'dot.png', 'image/png')
    created.assertStatus(201)
    const media = created.body().data
    assert.deepInclude(media, { contentType: 'image/png', bytes: PNG.length, fileName: 'dot.png', messageId: null })
    assert.deepEqual(await storedMedia(), { files: 1, rows: 1 })
    const row = await runForTenant(tenant, () => MessageMedia.findOrFail(media.id))
    assert.match(row.storageKey, new RegExp(`^tenants/${tenant.id}/mms/[0-9a-f-]{36}\\.png$`))

    const content = await raw('GET', `/api/v1/mms/media/${media.id}/content`, { host, authorization: `Bearer ${token}` })
    assert.equal(content.status, 200)
    assert.equal(content.headers['content-type'], 'image/png')
    assert.deepEqual(content.bytes, PNG)

    const removed = await client.delete(`/api/v1/mms/media/${media.id}`).header('host', host).bearerToken(token)
    removed.assertStatus(204)
    assert.deepEqual(await storedMedia(), { files: 0, rows: 0 })
  })

  test('an oversized file is refused with 413 naming the field, and nothing is stored', async ({ client, assert, cleanup }) => {
    cleanup(withConfig('messaging.media.maxBytes', 64 * 1024))
    const { host, token, tenant } = await texter()
    const storedMedia = await mediaCounter(tenant)
    const big = Buffer.concat([PNG, Buffer.alloc(80 * 1024, 7)])
    const response = await upload(client, host, token, big, 'big.png', 'image/png')
    response.assertStatus(413)
    assert.equal(response.body().error.code, 'MEDIA_TOO_LARGE')
    assert.equal(response.body().error.fields[0].field, 'file')
    assert.deepEqual(await storedMedia(), { files: 0, rows: 0 })
  })

  test('a file over the default limit is refused the same way', async ({ client, assert }) => {
    const { host, token, tenant } = await texter()
    const storedMedia = await mediaCounter(tenant)
    const { maxBytes } = app.config.get<MessagingConfig>('messaging').media
    const response = await upload(client, host, token, Buffer.concat([PNG, Buffer.alloc(maxBytes, 1)]), 'huge.png', 'image/png')
    response.assertStatus(413)
    assert.equal(response.body().error.fields[0].field, 'file')
    assert.deepEqual(await storedMedia(), { files: 0, rows: 0 })
  })

  test('disallowed types are refused with 422 naming the field, whatever the declared type or name says', async ({ client, assert }) => {
    const { host, token, tenant } = await texter()
    const storedMedia = await mediaCounter(tenant)
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)])
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from('just some text'), 'notes.txt', 'text/plain'],
      [Buffer.from('not really an image'), 'notes.txt', 'image/png'],
      [Buffer.from('not really an image'), 'fake.png', 'image/png'],
      [exe, 'setup.exe', 'application/octet-stream'],
      [exe, 'photo.jpg', 'image/jpeg'],
    ]
    for (const [data, name, type] of cases) {
      const response = await upload(client, host, token, data, name, type)
      response.assertStatus(422)
      assert.equal(response.body().error.code, 'MEDIA_TYPE_NOT_ALLOWED', name)
      assert.equal(response.body().error.fields[0].field, 'file')
    }
    const missing = await client.post('/api/v1/mms/media').header('host', host).bearerToken(token).json({ file: 'x' })
    missing.assertStatus(422)
    assert.equal(missing.body().error.fields[0].field, 'file')
    assert.deepEqual(await storedMedia(), { files: 0, rows: 0 })
  })

  test('a vCard, which has no magic bytes, is taken with its own extension', async ({ client, assert }) => {
    const { host, token } = await texter()
    const card = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Example\r\nTEL:+14155550100\r\nEND:VCARD\r\n')
    const response = await upload(client, host, token, card, 'ann.vcf', 'text/vcard')
    response.assertStatus(201)
    assert.equal(response.body().data.contentType, 'text/vcard')
  })
})

test.group('MMS API: sending', (group) => {
  group.each.teardown(() => messaging.restore())

  test('sends an MMS with uploaded media: queued with its hold, listed, shown with its media and URLs', async ({ client, assert }) => {
    const carrier = messaging.fake(new RecordingCarrier()) as RecordingCarrier
    const { host, token, tenant, number, wallet } = await texter()
    const media = (await upload(client, host, token, PNG, 'dot.png', 'image/png')).body().data
    const sent = await client
      .post('/api/v1/mms/send')
      .header('host', host)
      .bearerToken(token)
      .json({ to: '+14155550142', body: 'Look at this', media_ids: [media.id] })
    sent.assertStatus(201)
    const message = sent.body().data
    assert.deepInclude(message, { kind: 'mms', status: 'queued', from: number.e164, to: '+14155550142', mediaCount: 1, priceMicros: 25_000 })
    assert.equal(message.media[0].id, media.id)
    assert.equal(message.media[0].url, `/api/v1/mms/media/${media.id}/content`)
    assert.match(message.media[0].signedUrl, new RegExp(`^http://${host.replace('.', '\\.')}(:\\d+)?/media/${media.id}\\?signature=`))
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 25_000)

    await drainOutbox()
    assert.lengthOf(carrier.submitted, 1)
    assert.equal(carrier.submitted[0].kind, 'mms')
    assert.equal(carrier.submitted[0].media?.[0].contentType, 'image/png')

    const list = await client.get('/api/v1/mms').header('host', host).bearerToken(token)
    list.assertStatus(200)
    assert.deepEqual(list.body().data.map((row: any) => row.id), [message.id])
    const shown = await client.get(`/api/v1/mms/${message.id}`).header('host', host).bearerToken(token)
    shown.assertStatus(200)
    assert.equal(shown.body().data.status, 'sent')
    assert.equal(shown.body().data.media[0].contentType, 'image/png')

    const again = await client.delete(`/api/v1/mms/media/${media.id}`).header('host', host).bearerToken(token)
    again.assertStatus(409)
  })

  test('bad sends name the field and queue nothing', async ({ client, assert }) => {
    const { host, token, tenant, member } = await texter()
    const other = await texter()
    const foreign = (await upload(client, other.host, other.token, PNG, 'dot.png', 'image/png')).body().data
    const send = (body: Record<string, unknown>) => client.post('/api/v1/mms/send').header('host', host).bearerToken(token).json(body)

    const empty = await send({ to: '+14155550142' })
    empty.assertStatus(422)
    assert.equal(empty.body().error.fields[0].field, 'body')
    const badTo = await send({ to: '12', body: 'hi' })
    badTo.assertStatus(422)
    assert.equal(badTo.body().error.fields[0].field, 'to')
    const notMine = await send({ to: '+14155550142', media_ids: [foreign.id] })
    notMine.assertStatus(422)
    assert.equal(notMine.body().error.code, 'MEDIA_INVALID')
    assert.equal(notMine.body().error.fields[0].field, 'media_ids')
    assert.lengthOf(await messagesOf(tenant, member), 0)
  })

  test('Globex has MMS switched off: 403 FEATURE_DISABLED on every MMS route, and nothing is stored', async ({ client, assert }) => {
    const gus = await userOf('globex', 'gus@globex.test')
    const token = await tokenFor(gus)
    for (const [method, url] of [['GET', '/api/v1/mms'], ['GET', '/api/v1/mms/1'], ['POST', '/api/v1/mms/send']]) {
      const response = await client.request(url, method).header('host', GLOBEX).bearerToken(token).json({ to: '+4915112345678', body: 'x' })
      response.assertStatus(403)
      assert.equal(response.body().error.code, 'FEATURE_DISABLED')
    }
    const mediaOfGlobex = () => runForTenant({ id: gus.tenantId, slug: 'globex' }, () => MessageMedia.query())
    const before = (await mediaOfGlobex()).length
    const uploaded = await upload(client, GLOBEX, token, PNG, 'dot.png', 'image/png')
    uploaded.assertStatus(403)
    assert.lengthOf(await mediaOfGlobex(), before)
  })

  test('a brand with SMS on but MMS off refuses MMS', async ({ client, assert }) => {
    const { host, token } = await texter({ config: { features: { mms: false } } })
    const response = await client.get('/api/v1/mms').header('host', host).bearerToken(token)
    response.assertStatus(403)
    assert.equal(response.body().error.code, 'FEATURE_DISABLED')
  })
})

test.group('MMS API: isolation', (group) => {
  group.each.teardown(() => messaging.restore())

  test("another brand's MMS and media ids are 404 on every route, and its signed URL is 404 on another host", async ({ client, assert }) => {
    messaging.fake(new RecordingCarrier())
    const a = await texter()
    const b = await texter()
    const storedMediaA = await mediaCounter(a.tenant)
    const media = (await upload(client, a.host, a.token, PNG, 'dot.png', 'image/png')).body().data
    const unsent = (await upload(client, a.host, a.token, PNG, 'other.png', 'image/png')).body().data
    const sent = await client.post('/api/v1/mms/send').header('host', a.host).bearerToken(a.token).json({ to: '+14155550142', media_ids: [media.id] })
    sent.assertStatus(201)
    const message = sent.body().data

    for (const [method, url] of [
      ['GET', `/api/v1/mms/${message.id}`],
      ['GET', `/api/v1/mms/media/${media.id}/content`],
      ['GET', `/api/v1/mms/media/${unsent.id}/content`],
      ['DELETE', `/api/v1/mms/media/${unsent.id}`],
    ]) {
      const response = await client.request(url, method).header('host', b.host).bearerToken(b.token)
      response.assertStatus(404)
    }
    const listed = await client.get('/api/v1/mms').header('host', b.host).bearerToken(b.token)
    assert.lengthOf(listed.body().data, 0)
    const withBrandAToken = await client.get(`/api/v1/mms/${message.id}`).header('host', b.host).bearerToken(a.token)
    withBrandAToken.assertStatus(401)
    const sendWithForeignMedia = await client.post('/api/v1/mms/send').header('host', b.host).bearerToken(b.token).json({ to: '+14155550142', media_ids: [unsent.id] })
    sendWithForeignMedia.assertStatus(422)
    assert.deepEqual(await storedMediaA(), { files: 2, rows: 2 })

    const signed = new URL(message.media[0].signedUrl)
    const own = await raw('GET', `${signed.pathname}${signed.search}`, { host: a.host })
    assert.equal(own.status, 200)
    const elsewhere = await raw('GET', `${signed.pathname}${signed.search}`, { host: b.host })
    assert.equal(elsewhere.status, 404)
  })
})
