import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import messaging from '#telephony/messaging/manager'
import inbound from '#services/messaging/inbound'
import rating from '#services/rating/rating_service'
import { ACME, GLOBEX, addUser, brand, userOf } from '#tests/helpers'
import { reload } from '#tests/money_helpers'
import { RecordingCarrier, drainOutbox, messagesOf, texter, USD } from '#tests/messaging_helpers'

const ANN_CONTACT = '+12025550143'
const thread = (contact: string) => `/portal/messages/${encodeURIComponent(contact)}`

test.group('Portal: messages pages', (group) => {
  group.each.teardown(() => messaging.restore())

  test("Acme's Ann sees her conversation with its unread reply; Globex has no messages at all", async ({ client, assert }) => {
    const ann = await userOf('acme', 'ann@acme.test')
    const home = await client.get('/portal').header('host', ACME).withGuard('web').loginAs(ann)
    assert.include(home.text(), 'href="/portal/messages"')
    const list = await client.get('/portal/messages').header('host', ACME).withGuard('web').loginAs(ann)
    list.assertStatus(200)
    assert.include(list.text(), `data-conversation="${ANN_CONTACT}" data-unread="1"`)
    assert.include(list.text(), 'Great, I will book a table.')
    assert.include(list.text(), 'data-composer')

    const gus = await userOf('globex', 'gus@globex.test')
    const globexHome = await client.get('/portal').header('host', GLOBEX).withGuard('web').loginAs(gus)
    assert.notInclude(globexHome.text(), '/portal/messages')
    for (const path of ['/portal/messages', '/portal/messages/scheduled', thread('+33142685300'), '/portal/messages/estimate?body=hi']) {
      const response = await client.get(path).header('host', GLOBEX).withGuard('web').loginAs(gus)
      response.assertStatus(404)
    }
  })

  test('a thread shows its messages oldest first with their statuses, and opening it marks the replies read', async ({ client, assert }) => {
    const { host, member, number } = await texter()
    const contact = '+14155550123'
    messaging.fake(new RecordingCarrier())
    await client.post('/portal/messages').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ to: contact, from: number.e164, body: 'First out' })
    await drainOutbox()
    await inbound.receive({ carrier: 'recording', kind: 'sms', from: contact, to: number.e164, body: 'First back', carrierMessageId: 'in-1', receivedAt: new Date() })

    const before = await client.get('/portal/messages').header('host', host).withGuard('web').loginAs(member)
    assert.include(before.text(), `data-conversation="${contact}" data-unread="1"`)
    const page = await client.get(thread(contact)).header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    const html = page.text()
    assert.isBelow(html.indexOf('First out'), html.indexOf('First back'))
    assert.match(html, /data-direction="outbound" data-status="sent"/)
    assert.match(html, /data-direction="inbound" data-status="received"/)
    const after = await client.get('/portal/messages').header('host', host).withGuard('web').loginAs(member)
    assert.include(after.text(), `data-conversation="${contact}" data-unread="0"`)
  })

  test("another user's or another brand's thread with the same contact shows nothing of Ann's", async ({ client, assert }) => {
    const colleague = await addUser(await brand('acme'), `colleague-${Date.now()}@acme.test`, 'user')
    const mine = await client.get(thread(ANN_CONTACT)).header('host', ACME).withGuard('web').loginAs(colleague)
    mine.assertStatus(200)
    assert.notInclude(mine.text(), 'usual place')
    assert.notMatch(mine.text(), /data-message-id="\d/)
    const list = await client.get('/portal/messages').header('host', ACME).withGuard('web').loginAs(colleague)
    assert.notInclude(list.text(), 'data-conversation=')

    const other = await texter()
    const theirs = await client.get(thread(ANN_CONTACT)).header('host', other.host).withGuard('web').loginAs(other.member)
    theirs.assertStatus(200)
    assert.notInclude(theirs.text(), 'usual place')
    assert.notMatch(theirs.text(), /data-message-id="\d/)
  })

  test('the estimate counts segments and prices them as sending would', async ({ client, assert }) => {
    const { host, member, snapshot } = await texter()
    const ask = (query: Record<string, string>) =>
      client.get(`/portal/messages/estimate?${new URLSearchParams(query)}`).header('host', host).withGuard('web').loginAs(member)
    const short = await ask({ to: '+14155550123', body: 'Hello' })
    short.assertStatus(200)
    const quote = await rating.quoteSms(snapshot, { destination: '14155550123', segments: 1 })
    assert.deepInclude(short.body().data, { encoding: 'GSM-7', segments: 1, characters: 5, priceMicros: quote.priceMicros, currency: 'USD' })
    assert.match(short.body().data.formatted, /^\$0\.0/)

    const long = await ask({ to: '+14155550123', body: 'a'.repeat(161) })
    assert.deepInclude(long.body().data, { encoding: 'GSM-7', segments: 2, characters: 161, priceMicros: quote.priceMicros * 2 })
    const emoji = await ask({ to: '', body: 'Hi 👋' })
    assert.deepInclude(emoji.body().data, { encoding: 'UCS-2', segments: 1, priceMicros: null, formatted: null })
    const invalid = await ask({ to: '+1', body: 'Hi' })
    assert.isNull(invalid.body().data.priceMicros)
  })

  test('sending from the composer queues the message and opens its thread; the outbox sends it', async ({ client, assert }) => {
    const carrier = messaging.fake(new RecordingCarrier()) as RecordingCarrier
    const { tenant, host, member, number } = await texter()
    const sent = await client
      .post('/portal/messages')
      .header('host', host)
      .withGuard('web')
      .loginAs(member)
      .withCsrfToken()
      .form({ to: '+1 415 555 0177', from: number.e164, body: 'From the portal' })
      .redirects(0)
    sent.assertStatus(302)
    assert.equal(sent.header('location'), thread('+14155550177'))
    const [queued] = await messagesOf(tenant)
    assert.equal(queued.status, 'queued')
    await drainOutbox()
    assert.lengthOf(carrier.submitted, 1)
    const page = await client.get(thread('+14155550177')).header('host', host).withGuard('web').loginAs(member)
    assert.include(page.text(), 'From the portal')
    assert.include(page.text(), 'data-status="sent"')
  })

  test('bad input is shown next to its field with the values kept, and nothing is queued or held', async ({ client, assert }) => {
    const { tenant, host, member, number, wallet } = await texter()
    const post = (form: Record<string, string>) =>
      client.post('/portal/messages').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form(form)

    const empty = await post({ to: '+14155550123', from: number.e164, body: '   ' })
    empty.assertStatus(422)
    assert.include(empty.text(), 'data-error-for="body"')
    assert.include(empty.text(), 'value="+14155550123"')

    const badTo = await post({ to: '12', from: number.e164, body: 'Keep me' })
    badTo.assertStatus(422)
    assert.match(badTo.text(), /data-error-for="to">[^<]*valid phone number/)
    assert.include(badTo.text(), '>Keep me</textarea>')

    const tooLong = await post({ to: '+14155550123', from: number.e164, body: 'x'.repeat(1601) })
    tooLong.assertStatus(422)
    assert.include(tooLong.text(), 'data-error-for="body"')

    const notMine = await post({ to: '+14155550123', from: '+12125550100', body: 'Hi' })
    notMine.assertStatus(403)
    assert.include(notMine.text(), 'data-error-for="from"')

    assert.lengthOf(await messagesOf(tenant), 0)
    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0)
    assert.equal(after.balanceMicros, USD(10))
  })

  test('scheduling from the form lists the message in the chosen zone; cancelling releases its hold', async ({ client, assert }) => {
    const { tenant, host, member, number, wallet } = await texter()
    const local = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).startOf('minute')
    const post = (form: Record<string, string>) =>
      client.post('/portal/messages/scheduled').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form(form).redirects(0)

    const past = await post({ to: '+14155550123', from: number.e164, body: 'Too late', send_at: '2020-01-01T09:00', time_zone: 'Europe/Berlin' })
    assert.equal(past.status(), 422)
    assert.match(past.text(), /data-error-for="send_at">[^<]*past/)
    assert.include(past.text(), 'value="2020-01-01T09:00"')
    assert.lengthOf(await messagesOf(tenant), 0)

    const done = await post({ to: '+14155550123', from: number.e164, body: 'Happy birthday!', send_at: local.toFormat("yyyy-MM-dd'T'HH:mm"), time_zone: 'Europe/Berlin' })
    assert.equal(done.status(), 302)
    const [scheduled] = await messagesOf(tenant)
    assert.equal(scheduled.status, 'scheduled')
    assert.equal(scheduled.scheduledFor!.toMillis(), local.toMillis())
    assert.equal((await reload(tenant, wallet.id)).heldMicros, scheduled.priceMicros)

    const list = await client.get('/portal/messages/scheduled').header('host', host).withGuard('web').loginAs(member)
    assert.include(list.text(), `data-scheduled-id="${scheduled.id}"`)
    assert.include(list.text(), 'Happy birthday!')
    assert.include(list.text(), '(Europe/Berlin)')

    const stranger = await texter()
    const theirs = await client.post(`/portal/messages/scheduled/${scheduled.id}/cancel`).header('host', stranger.host).withGuard('web').loginAs(stranger.member).withCsrfToken().redirects(0)
    assert.equal(theirs.status(), 404)

    const cancelled = await client.post(`/portal/messages/scheduled/${scheduled.id}/cancel`).header('host', host).withGuard('web').loginAs(member).withCsrfToken().redirects(0)
    assert.equal(cancelled.status(), 302)
    const [after] = await messagesOf(tenant)
    assert.equal(after.status, 'cancelled')
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
    const empty = await client.get('/portal/messages/scheduled').header('host', host).withGuard('web').loginAs(member)
    assert.notInclude(empty.text(), `data-scheduled-id="${scheduled.id}"`)
  })
})

test.group('Portal: bulk messages page', (group) => {
  group.each.teardown(() => messaging.restore())

  test('a pasted CSV starts a bulk send whose progress the page shows; a bad row is named and nothing queued', async ({ client, assert }) => {
    messaging.fake(new RecordingCarrier())
    const { tenant, host, member, number } = await texter()
    const post = (form: Record<string, string>) =>
      client.post('/portal/messages/bulk').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form(form).redirects(0)

    const bad = await post({ template: 'Hi {{name}}', recipients: 'to,name\n+14155550131,Ann\n12,Bob', from: number.e164 })
    bad.assertStatus(422)
    assert.match(bad.text(), /data-error-for="recipients">Line 3:/)
    assert.include(bad.text(), '+14155550131,Ann')
    assert.lengthOf(await messagesOf(tenant), 0)

    const good = await post({ name: 'Spring news', template: 'Hi {{name}}', recipients: 'to,name\n+14155550131,Ann\n+14155550132,Bob', from: number.e164 })
    assert.equal(good.status(), 302)
    await drainOutbox()
    const bodies = (await messagesOf(tenant)).map((message) => [message.toNumber, message.body, message.status])
    assert.deepEqual(bodies, [
      ['+14155550131', 'Hi Ann', 'sent'],
      ['+14155550132', 'Hi Bob', 'sent'],
    ])
    const page = await client.get('/portal/messages/bulk').header('host', host).withGuard('web').loginAs(member)
    assert.include(page.text(), 'Spring news')
    const counts = /data-counts>([^<]*)</.exec(page.text())?.[1].replace(/\s+/g, ' ').trim()
    assert.match(counts ?? '', /^100% done · 0 delivered · 2 sent · 0 waiting · 0 failed · of 2/)
  })
})
