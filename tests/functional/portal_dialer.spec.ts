import { test } from '@japa/runner'
import voice from '#telephony/voice/manager'
import { addUser, throwawayBrand, tokenFor } from '#tests/helpers'
import { fundedWallet } from '#tests/money_helpers'
import { RecordingSwitch } from '#tests/dialer_helpers'
import { numberFor } from '#tests/call_helpers'

test.group('Portal dialer', (group) => {
  let sw: RecordingSwitch
  group.each.setup(() => {
    sw = voice.fake(new RecordingSwitch()) as RecordingSwitch
    return async () => {
      sw.close()
      await voice.restore()
    }
  })

  test('the page offers the user voice numbers, primary first, with the parts the script needs', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const second = await numberFor(tenant, member)
    const primary = await numberFor(tenant, member, { isPrimary: true })
    const page = await client.get('/portal/dialer').header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    const html = page.text()
    for (const hook of ['data-dialer', 'data-dial-input', 'data-caller-id', 'data-call-button', 'data-call-status', 'data-events-url="/portal/dialer/events"', '/js/dialer.js']) {
      assert.include(html, hook)
    }
    assert.isBelow(html.indexOf(`value="${primary.e164}"`), html.indexOf(`value="${second.e164}"`))
    assert.include(html, 'data-test-numbers')
  })

  test('a user with no number is sent to get one; voice switched off hides the page', async ({ client, assert }) => {
    const bare = await throwawayBrand()
    const page = await client.get('/portal/dialer').header('host', bare.host).withGuard('web').loginAs(bare.member)
    assert.include(page.text(), 'data-no-caller-id')
    assert.notInclude(page.text(), 'data-call-button')
    const off = await throwawayBrand({ features: { voice: false } })
    const hidden = await client.get('/portal/dialer').header('host', off.host).withGuard('web').loginAs(off.member)
    hidden.assertStatus(404)
  })

  test('the script endpoints place, show and hang up calls with the session, in the API error envelope', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    await numberFor(tenant, member, { isPrimary: true })
    await fundedWallet(tenant, member, 5_000_000)
    sw.timeline.ringMs = 5000
    const post = (url: string, body: Record<string, unknown>, key?: string) => {
      const request = client.post(url).header('host', host).withGuard('web').loginAs(member).withCsrfToken().json(body)
      return key ? request.header('Idempotency-Key', key) : request
    }
    const noKey = await post('/portal/dialer/calls', { destination: '+12125550147' })
    noKey.assertStatus(400)
    const bad = await post('/portal/dialer/calls', { destination: 'abc' }, 'p-1')
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'destination')
    const empty = await post('/portal/dialer/calls', {}, 'p-2')
    empty.assertStatus(422)
    assert.equal(empty.body().error.code, 'VALIDATION_FAILED')

    const placed = await post('/portal/dialer/calls', { destination: '+12125550147' }, 'p-3')
    placed.assertStatus(201)
    const { id, uuid } = placed.body().data
    const shown = await client.get(`/portal/dialer/calls/${id}`).header('host', host).withGuard('web').loginAs(member)
    assert.equal(shown.body().data.status, 'ringing')

    const colleague = await addUser(tenant, `c-${Date.now()}@example.test`, 'user')
    const notTheirs = await client.get(`/portal/dialer/calls/${id}`).header('host', host).withGuard('web').loginAs(colleague)
    notTheirs.assertStatus(404)
    const notTheirsHangup = await client.post(`/portal/dialer/calls/${id}/hangup`).header('host', host).withGuard('web').loginAs(colleague).withCsrfToken()
    notTheirsHangup.assertStatus(404)

    const hungUp = await post(`/portal/dialer/calls/${id}/hangup`, {})
    hungUp.assertStatus(200)
    await sw.whenEnded(uuid)
    const after = await client.get(`/api/v1/calls/${id}`).header('host', host).bearerToken(await tokenFor(member))
    assert.equal(after.body().data.status, 'cancelled')
  })
})
