import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { DateTime } from 'luxon'
import Message from '#models/message'
import { runForTenant } from '#tenants/context'
import { GLOBEX, tokenFor, userOf } from '#tests/helpers'
import { reload } from '#tests/money_helpers'
import { drainOutbox, eventually, messagesOf, texter, USD } from '#tests/messaging_helpers'

const api = (client: any, method: string, url: string, host: string, token: string) => client.request(url, method).header('host', host).bearerToken(token)

/** The routes this file covers, read from the router so a new one is not forgotten. */
function smsRoutes() {
  return (router.toJSON()['root'] ?? [])
    .filter((route) => route.name && /^api\.v1\.(sms|messages\.threads)\./.test(route.name))
    .flatMap((route) => route.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, pattern: route.pattern })))
}

const CONTACT = '+14155550142'

test.group('SMS API', () => {
  test('a message is sent, delivered by the simulated SMSC and answered; the list shows both, newest first', async ({ client, assert }) => {
    const { host, token, number, tenant, wallet } = await texter()
    const sent = await api(client, 'POST', '/api/v1/sms/send', host, token).json({ to: CONTACT, body: 'Hello from the API' })
    sent.assertStatus(201)
    const message = sent.body().data
    assert.include(message, { status: 'queued', direction: 'outbound', kind: 'sms', from: number.e164, to: CONTACT, contact: CONTACT, body: 'Hello from the API' })
    assert.include(message, { encoding: 'GSM-7', segments: 1, priceMicros: 10_000, currency: 'USD' })
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 10_000)

    await drainOutbox()
    const delivered = await eventually(async () => {
      const shown = await api(client, 'GET', `/api/v1/sms/${message.id}`, host, token)
      return shown.body().data.status === 'delivered' && shown.body().data
    })
    assert.isNotNull(delivered.sentAt)
    assert.isNotNull(delivered.deliveredAt)
    assert.equal(delivered.chargedMicros, 10_000)
    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0)
    assert.equal(after.balanceMicros, USD(10) - 10_000)

    const reply = await eventually(async () => {
      const inbox = await api(client, 'GET', '/api/v1/sms?direction=inbound', host, token)
      return inbox.body().data[0]
    })
    assert.include(reply, { direction: 'inbound', status: 'received', from: CONTACT, to: number.e164, contact: CONTACT, read: false })
    assert.match(reply.body, /Hello from the API/)

    const list = await api(client, 'GET', '/api/v1/sms', host, token)
    list.assertStatus(200)
    assert.deepEqual(list.body().data.map((m: any) => m.id), [reply.id, message.id])
    assert.deepEqual(list.body().meta, { total: 2, page: 1, perPage: 20 })
    const paged = await api(client, 'GET', '/api/v1/sms?perPage=1&page=2', host, token)
    assert.deepEqual(paged.body().data.map((m: any) => m.id), [message.id])
    assert.equal(paged.body().meta.total, 2)
    const byStatus = await api(client, 'GET', '/api/v1/sms?status=delivered', host, token)
    assert.deepEqual(byStatus.body().data.map((m: any) => m.id), [message.id])
    const byContact = await api(client, 'GET', `/api/v1/sms?contact=${encodeURIComponent('+14155550100')}`, host, token)
    assert.lengthOf(byContact.body().data, 0)
    const ofContact = await api(client, 'GET', `/api/v1/sms?contact=${encodeURIComponent(CONTACT)}&direction=outbound`, host, token)
    assert.deepEqual(ofContact.body().data.map((m: any) => m.id), [message.id])
    const bad = await api(client, 'GET', '/api/v1/sms?direction=sideways', host, token)
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'direction')
  })

  test('an Idempotency-Key makes a retried send return the first answer instead of sending twice', async ({ client, assert }) => {
    const { host, token, tenant, member, wallet } = await texter()
    const send = () => api(client, 'POST', '/api/v1/sms/send', host, token).header('Idempotency-Key', 'sms-retry-1').json({ to: CONTACT, body: 'Once only' })
    const first = await send()
    first.assertStatus(201)
    const second = await send()
    second.assertStatus(201)
    assert.equal(second.header('idempotent-replayed'), 'true')
    assert.equal(second.body().data.id, first.body().data.id)
    assert.lengthOf(await messagesOf(tenant, member), 1)
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 10_000)
    const other = await api(client, 'POST', '/api/v1/sms/send', host, token).header('Idempotency-Key', 'sms-retry-1').json({ to: CONTACT, body: 'Something else' })
    other.assertStatus(422)
    assert.equal(other.body().error.code, 'IDEMPOTENCY_KEY_REUSED')
  })

  test('a message scheduled in the user\'s time zone is listed, cancelled with its hold released, and cannot be cancelled twice', async ({ client, assert }) => {
    const { host, token, tenant, wallet } = await texter()
    const local = DateTime.now().setZone('America/New_York').plus({ days: 2 }).startOf('minute')
    const created = await api(client, 'POST', '/api/v1/sms/schedule', host, token).json({
      to: CONTACT,
      body: 'See you Tuesday',
      send_at: local.toFormat("yyyy-MM-dd'T'HH:mm"),
      time_zone: 'America/New_York',
    })
    created.assertStatus(201)
    const scheduled = created.body().data
    assert.include(scheduled, { status: 'scheduled', timeZone: 'America/New_York' })
    assert.equal(DateTime.fromISO(scheduled.scheduledFor).toMillis(), local.toMillis())
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 10_000)

    const later = await api(client, 'POST', '/api/v1/sms/schedule', host, token).json({ to: CONTACT, body: 'Later still', send_at: local.plus({ days: 1 }).toUTC().toISO() })
    later.assertStatus(201)
    const list = await api(client, 'GET', '/api/v1/sms/scheduled', host, token)
    list.assertStatus(200)
    assert.deepEqual(list.body().data.map((m: any) => m.id), [scheduled.id, later.body().data.id])

    const cancelled = await api(client, 'DELETE', `/api/v1/sms/scheduled/${scheduled.id}`, host, token)
    cancelled.assertStatus(200)
    assert.include(cancelled.body().data, { id: scheduled.id, status: 'cancelled' })
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 10_000, 'only the other scheduled message is held')
    const again = await api(client, 'DELETE', `/api/v1/sms/scheduled/${scheduled.id}`, host, token)
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'NOT_CANCELLABLE')
    const remaining = await api(client, 'GET', '/api/v1/sms/scheduled', host, token)
    assert.deepEqual(remaining.body().data.map((m: any) => m.id), [later.body().data.id])
  })

  test('a scheduled message fires when due; once sent it can no longer be cancelled', async ({ client, assert }) => {
    const { host, token, tenant } = await texter()
    const created = await api(client, 'POST', '/api/v1/sms/schedule', host, token).json({ to: CONTACT, body: 'Due soon', send_at: DateTime.now().plus({ hours: 1 }).toISO() })
    created.assertStatus(201)
    const id = created.body().data.id
    await drainOutbox()
    assert.equal((await api(client, 'GET', `/api/v1/sms/${id}`, host, token)).body().data.status, 'scheduled', 'not before its time')

    await runForTenant(tenant, () => Message.query().where('id', id).update({ dueAt: DateTime.now().minus({ seconds: 1 }).toFormat('yyyy-MM-dd HH:mm:ss.SSS') }))
    await drainOutbox()
    const fired = await eventually(async () => {
      const shown = (await api(client, 'GET', `/api/v1/sms/${id}`, host, token)).body().data
      return ['sent', 'delivered'].includes(shown.status) && shown
    })
    assert.isNotNull(fired.sentAt)
    const refused = await api(client, 'DELETE', `/api/v1/sms/scheduled/${id}`, host, token)
    refused.assertStatus(409)
    assert.equal(refused.body().error.fields[0].field, 'id')
    assert.lengthOf((await api(client, 'GET', '/api/v1/sms/scheduled', host, token)).body().data, 0)
  })

  test('with scheduled_sms off, scheduling is 403 while sending, listing and cancelling still work', async ({ client, assert }) => {
    const { host, token, tenant, member } = await texter({ config: { features: { scheduled_sms: false } } })
    const refused = await api(client, 'POST', '/api/v1/sms/schedule', host, token).json({ to: CONTACT, body: 'Later', send_at: DateTime.now().plus({ hours: 1 }).toISO() })
    refused.assertStatus(403)
    assert.equal(refused.body().error.code, 'FEATURE_DISABLED')
    assert.lengthOf(await messagesOf(tenant, member), 0)
    ;(await api(client, 'GET', '/api/v1/sms/scheduled', host, token)).assertStatus(200)
    ;(await api(client, 'POST', '/api/v1/sms/send', host, token).json({ to: CONTACT, body: 'Now' })).assertStatus(201)
  })

  test('conversations are threaded by contact with unread counts, and reading one clears its count', async ({ client, assert }) => {
    const { host, token, number } = await texter()
    ;(await api(client, 'POST', '/api/v1/sms/send', host, token).json({ to: CONTACT, body: 'First' })).assertStatus(201)
    ;(await api(client, 'POST', '/api/v1/sms/send', host, token).json({ to: '+14155550143', body: 'Other thread' })).assertStatus(201)
    await drainOutbox()
    const threads = await eventually(async () => {
      const list = (await api(client, 'GET', '/api/v1/messages/threads', host, token)).body()
      return list.data.every((t: any) => t.unread === 1) && list
    })
    assert.equal(threads.meta.total, 2)
    const thread = threads.data.find((t: any) => t.contact === CONTACT)
    assert.include(thread, { contact: CONTACT, number: number.e164, messages: 2, unread: 1 })
    assert.include(thread.lastMessage, { direction: 'inbound', status: 'received', from: CONTACT })
    const onNumber = await api(client, 'GET', `/api/v1/messages/threads?number=${encodeURIComponent(number.e164)}`, host, token)
    assert.equal(onNumber.body().meta.total, 2)
    const elsewhere = await api(client, 'GET', '/api/v1/messages/threads?number=%2B14155550100', host, token)
    assert.equal(elsewhere.body().meta.total, 0)

    const shown = await api(client, 'GET', `/api/v1/messages/threads/${encodeURIComponent(CONTACT)}`, host, token)
    shown.assertStatus(200)
    assert.deepEqual(shown.body().data.map((m: any) => m.direction), ['inbound', 'outbound'])
    assert.equal(shown.body().meta.thread.unread, 1)
    const plain = await api(client, 'GET', `/api/v1/messages/threads/${CONTACT}`, host, token)
    plain.assertStatus(200)

    const read = await api(client, 'PUT', `/api/v1/messages/threads/${encodeURIComponent(CONTACT)}/read`, host, token)
    read.assertStatus(200)
    assert.include(read.body().data, { contact: CONTACT, unread: 0 })
    const after = (await api(client, 'GET', '/api/v1/messages/threads', host, token)).body().data
    assert.deepEqual(after.map((t: any) => [t.contact, t.unread]).sort(), [[CONTACT, 0], ['+14155550143', 1]])
    const inbox = (await api(client, 'GET', `/api/v1/sms?direction=inbound&contact=${encodeURIComponent(CONTACT)}`, host, token)).body().data
    assert.isTrue(inbox[0].read)
    ;(await api(client, 'GET', '/api/v1/messages/threads/%2B14155550199', host, token)).assertStatus(404)
    ;(await api(client, 'PUT', '/api/v1/messages/threads/not-a-number/read', host, token)).assertStatus(404)
  })

  test('the estimate counts segments and prices them, holding and writing nothing', async ({ client, assert }) => {
    const { host, token, tenant, member, wallet } = await texter()
    const estimate = (query: string) => api(client, 'GET', `/api/v1/sms/estimate?${query}`, host, token)
    const gsm = await estimate(`body=${'a'.repeat(161)}&to=${encodeURIComponent(CONTACT)}`)
    gsm.assertStatus(200)
    assert.include(gsm.body().data, { encoding: 'GSM-7', segments: 2, characters: 161, priceMicros: 20_000, currency: 'USD' })
    const emoji = await estimate(`body=${encodeURIComponent('Hi 😀')}&to=${encodeURIComponent(CONTACT)}`)
    assert.include(emoji.body().data, { encoding: 'UCS-2', segments: 1, priceMicros: 10_000 })
    const noDestination = await estimate('body=Hello')
    assert.include(noDestination.body().data, { encoding: 'GSM-7', segments: 1, characters: 5, priceMicros: null, currency: 'USD' })
    const typing = await estimate('body=Hello&to=%2B1415')
    assert.include(typing.body().data, { segments: 1, priceMicros: null })
    const tooLong = await estimate(`body=${'a'.repeat(5_001)}`)
    tooLong.assertStatus(422)
    assert.equal(tooLong.body().error.fields[0].field, 'body')
    assert.lengthOf(await messagesOf(tenant, member), 0)
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
  })

  test('Globex has SMS switched off: every route answers 403 FEATURE_DISABLED', async ({ client, assert }) => {
    const token = await tokenFor(await userOf('globex', 'gus@globex.test'))
    const routes = smsRoutes()
    assert.isAbove(routes.length, 9)
    for (const route of routes) {
      const url = route.pattern.replace(':id', '1').replace(':contact', encodeURIComponent(CONTACT))
      const response = await api(client, route.method, url, GLOBEX, token).json({ to: CONTACT, body: 'Hello' })
      assert.equal(response.status(), 403, `${route.method} ${url} answered ${response.status()}`)
      assert.equal(response.body().error.code, 'FEATURE_DISABLED')
    }
  })

  test('another brand\'s ids and contacts are 404; a token is 401 on another brand\'s host', async ({ client, assert }) => {
    const a = await texter()
    const b = await texter()
    const sent = await api(client, 'POST', '/api/v1/sms/send', a.host, a.token).json({ to: CONTACT, body: 'Brand A' })
    const scheduled = await api(client, 'POST', '/api/v1/sms/schedule', a.host, a.token).json({ to: CONTACT, body: 'Brand A later', send_at: DateTime.now().plus({ hours: 1 }).toISO() })
    ;(await api(client, 'POST', '/api/v1/sms/send', b.host, b.token).json({ to: '+14155550143', body: 'Brand B' })).assertStatus(201)
    const contact = encodeURIComponent(CONTACT)
    const foreign = [
      ['GET', `/api/v1/sms/${sent.body().data.id}`],
      ['GET', `/api/v1/sms/${scheduled.body().data.id}`],
      ['DELETE', `/api/v1/sms/scheduled/${scheduled.body().data.id}`],
      ['GET', `/api/v1/messages/threads/${contact}`],
      ['PUT', `/api/v1/messages/threads/${contact}/read`],
    ]
    for (const [method, url] of foreign) {
      const response = await api(client, method, url, b.host, b.token)
      assert.equal(response.status(), 404, `${method} ${url} answered ${response.status()}`)
    }
    const listed = await api(client, 'GET', '/api/v1/sms', b.host, b.token)
    assert.deepEqual(listed.body().data.map((m: any) => m.body), ['Brand B'])
    const threads = await api(client, 'GET', '/api/v1/messages/threads', b.host, b.token)
    assert.deepEqual(threads.body().data.map((t: any) => t.contact), ['+14155550143'])

    for (const route of smsRoutes()) {
      const url = route.pattern.replace(':id', String(sent.body().data.id)).replace(':contact', contact)
      const response = await api(client, route.method, url, b.host, a.token).json({ to: CONTACT, body: 'Hello' })
      assert.equal(response.status(), 401, `${route.method} ${url} answered ${response.status()}`)
    }
    const still = await messagesOf(a.tenant, a.member)
    assert.deepEqual(still.map((m) => m.status), ['queued', 'scheduled'])
    assert.lengthOf(await messagesOf(b.tenant, b.member), 1)
  })
})
