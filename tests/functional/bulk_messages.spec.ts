import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/tenant'
import MessageBulk from '#models/message_bulk'
import MessageOptOut from '#models/message_opt_out'
import messaging from '#telephony/messaging/manager'
import { runForTenant } from '#tenants/context'
import { GLOBEX, tokenFor, userOf } from '#tests/helpers'
import { reload } from '#tests/money_helpers'
import { drainOutbox, eventually, messagesOf, texter, USD } from '#tests/messaging_helpers'

const BULK = '/api/v1/messages/bulk'
const TEMPLATE = 'Hi {{name}}, your code is {{code}}'

const api = (client: any, method: string, url: string, host: string, token: string) => client.request(url, method).header('host', host).bearerToken(token)
const sendBulk = (client: any, host: string, token: string, body: Record<string, unknown>) => api(client, 'POST', BULK, host, token).json(body)
const progressOf = (client: any, host: string, token: string, id: number) => api(client, 'GET', `${BULK}/${id}`, host, token)

/** What the brand has written and held: both must stay empty after a refused bulk send. */
async function written(tenant: Tenant, walletId: number) {
  const messages = await messagesOf(tenant)
  const bulks = await runForTenant(tenant, () => MessageBulk.query())
  return { messages: messages.length, bulks: bulks.length, heldMicros: (await reload(tenant, walletId)).heldMicros }
}

/** Changes a config value for one test; the returned function puts it back. */
function withConfig(key: string, value: unknown) {
  const before = app.config.get(key)
  app.config.set(key, value)
  return () => app.config.set(key, before)
}

test.group('Bulk messages', (group) => {
  group.each.teardown(() => messaging.restore())

  test('a JSON list is filled per recipient, deduplicated, queued with its holds, and its progress reaches completed', async ({ client, assert }) => {
    const { host, token, tenant, wallet, number } = await texter()
    const created = await sendBulk(client, host, token, {
      name: 'Codes',
      template: TEMPLATE,
      recipients: [
        { to: '+14155550101', name: 'Ann', code: 1111 },
        { to: '+14155550102', name: 'Bob', code: '2222' },
        { to: '+14155550101', name: 'Ann again', code: 3333 },
        { to: '+12025550111', name: 'Failing', code: 4444 },
      ],
    })
    created.assertStatus(201)
    const bulk = created.body().data
    assert.equal(bulk.total, 3)
    assert.equal(bulk.status, 'sending')
    assert.equal(bulk.duplicates, 1)
    assert.deepEqual(bulk.skipped, [])
    assert.equal(bulk.counts.queued, 3)
    assert.equal(bulk.estimatedCostMicros, 30_000)
    const queued = await messagesOf(tenant)
    assert.deepEqual(queued.map((m) => [m.toNumber, m.body, m.bulkId, m.fromNumber]), [
      ['+14155550101', 'Hi Ann, your code is 1111', bulk.id, number.e164],
      ['+14155550102', 'Hi Bob, your code is 2222', bulk.id, number.e164],
      ['+12025550111', 'Hi Failing, your code is 4444', bulk.id, number.e164],
    ])
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 30_000)

    await drainOutbox()
    const done = await eventually(async () => {
      const shown = (await progressOf(client, host, token, bulk.id)).body().data
      return shown.status === 'completed' && shown.counts.delivered === 2 && shown.counts.failed === 1 ? shown : null
    })
    assert.equal(done.pending, 0)
    assert.equal(done.percentDone, 100)
    assert.equal(done.chargedMicros, 30_000)
    assert.equal(done.currency, 'USD')

    const recipients = await api(client, 'GET', `${BULK}/${bulk.id}/recipients?status=delivered`, host, token)
    recipients.assertStatus(200)
    assert.equal(recipients.body().meta.total, 2)
    assert.deepEqual(recipients.body().data.map((r: any) => r.to), ['+14155550101', '+14155550102'])
    const list = await api(client, 'GET', BULK, host, token)
    assert.deepEqual(list.body().data.map((b: any) => [b.id, b.name, b.status]), [[bulk.id, 'Codes', 'completed']])
  })

  test('a CSV upload is read by its header, quoted commas kept, and throttled: recipient i is due i * 60 / per_minute seconds after the first', async ({ client, assert }) => {
    const { host, token, tenant } = await texter()
    const csv = 'phone,name,code\n+14155550111,"Doe, Jane",11\n+14155550112,Bob,22\n+14155550113,Cy,33\n'
    const created = await api(client, 'POST', BULK, host, token)
      .file('file', Buffer.from(csv), { filename: 'list.csv', contentType: 'text/csv' })
      .fields({ template: TEMPLATE, per_minute: '30' })
    created.assertStatus(201)
    assert.equal(created.body().data.total, 3)
    assert.equal(created.body().data.perMinute, 30)
    const messages = await messagesOf(tenant)
    assert.equal(messages[0].body, 'Hi Doe, Jane, your code is 11')
    const gaps = messages.map((m) => m.dueAt!.diff(messages[0].dueAt!).as('milliseconds'))
    assert.deepEqual(gaps, [0, 2000, 4000])

    await drainOutbox()
    const shown = (await progressOf(client, host, token, created.body().data.id)).body().data
    assert.equal(shown.counts.queued, 2, 'the later recipients wait for their turn')
    assert.equal(shown.status, 'sending')
    assert.equal(shown.percentDone, 33)
  })

  test('a scheduled bulk waits; cancelling it cancels every recipient and releases the holds', async ({ client, assert }) => {
    const { host, token, tenant, wallet } = await texter()
    const sendAt = DateTime.utc().plus({ days: 1 }).startOf('second')
    const created = await sendBulk(client, host, token, {
      template: 'Reminder for {{name}}',
      send_at: sendAt.toISO(),
      recipients: [
        { to: '+14155550121', name: 'Ann' },
        { to: '+14155550122', name: 'Bob' },
      ],
    })
    created.assertStatus(201)
    const bulk = created.body().data
    assert.equal(bulk.status, 'scheduled')
    assert.equal(DateTime.fromISO(bulk.startsAt).toMillis(), sendAt.toMillis())
    assert.equal(bulk.counts.scheduled, 2)
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 20_000)
    await drainOutbox()
    assert.deepEqual((await messagesOf(tenant)).map((m) => m.status), ['scheduled', 'scheduled'])

    const cancelled = await api(client, 'DELETE', `${BULK}/${bulk.id}`, host, token)
    cancelled.assertStatus(200)
    assert.equal(cancelled.body().data.cancelled, 2)
    assert.equal(cancelled.body().data.status, 'cancelled')
    assert.equal(cancelled.body().data.counts.cancelled, 2)
    assert.equal(cancelled.body().data.estimatedCostMicros, 0)
    assert.deepEqual((await messagesOf(tenant)).map((m) => m.status), ['cancelled', 'cancelled'])
    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0)
    assert.equal(after.balanceMicros, USD(10))
  })

  test('a bad row refuses the whole send by default, naming each row; nothing is queued or held', async ({ client, assert }) => {
    const { host, token, tenant, wallet } = await texter()
    await runForTenant(tenant, () => MessageOptOut.create({ contact: '+14155550133', keyword: 'STOP', viaNumber: null }))
    const recipients = [
      { to: '+14155550131', name: 'Ann', code: 1 },
      { to: '12345', name: 'Bad', code: 2 },
      { to: '+14155550133', name: 'Gone', code: 3 },
      { to: '+14155550134', name: 'No code' },
    ]
    const refused = await sendBulk(client, host, token, { template: TEMPLATE, recipients })
    refused.assertStatus(422)
    assert.equal(refused.body().error.code, 'RECIPIENTS_INVALID')
    assert.deepEqual(refused.body().error.fields.map((f: any) => [f.field, f.rule]), [
      ['recipients.1.to', 'DESTINATION_INVALID'],
      ['recipients.2.to', 'OPTED_OUT'],
      ['recipients.3.code', 'VARIABLE_MISSING'],
    ])
    assert.deepEqual(await written(tenant, wallet.id), { messages: 0, bulks: 0, heldMicros: 0 })

    const skipping = await sendBulk(client, host, token, { template: TEMPLATE, recipients, skip_invalid: true })
    skipping.assertStatus(201)
    assert.equal(skipping.body().data.total, 1)
    assert.deepEqual(skipping.body().data.skipped.map((s: any) => [s.field, s.to, s.code]), [
      ['recipients.1.to', '12345', 'DESTINATION_INVALID'],
      ['recipients.2.to', '+14155550133', 'OPTED_OUT'],
      ['recipients.3.code', '+14155550134', 'VARIABLE_MISSING'],
    ])
    assert.deepEqual((await messagesOf(tenant)).map((m) => m.toNumber), ['+14155550131'])
  })

  test('a variable no recipient has, too many recipients, and a CSV without a destination column are refused up front', async ({ client, assert }) => {
    const { host, token, tenant, wallet } = await texter()
    const unknown = await sendBulk(client, host, token, { template: 'Hi {{nmae}}', recipients: [{ to: '+14155550141', name: 'Ann' }] })
    unknown.assertStatus(422)
    assert.equal(unknown.body().error.code, 'TEMPLATE_INVALID')
    assert.equal(unknown.body().error.fields[0].field, 'template')
    assert.include(unknown.body().error.message, '{{nmae}}')

    const restore = withConfig('messaging.limits.maxBulkRecipients', 2)
    try {
      const many = await sendBulk(client, host, token, { template: 'Hi', recipients: [{ to: '+14155550142' }, { to: '+14155550143' }, { to: '+14155550144' }] })
      many.assertStatus(422)
      assert.equal(many.body().error.code, 'TOO_MANY_RECIPIENTS')
      assert.equal(many.body().error.fields[0].field, 'recipients')
    } finally {
      restore()
    }

    const noColumn = await api(client, 'POST', BULK, host, token)
      .file('file', Buffer.from('name\nAnn\n'), { filename: 'list.csv', contentType: 'text/csv' })
      .fields({ template: 'Hi' })
    noColumn.assertStatus(422)
    assert.equal(noColumn.body().error.fields[0].field, 'file')
    const neither = await sendBulk(client, host, token, { template: 'Hi' })
    neither.assertStatus(422)
    assert.deepEqual(await written(tenant, wallet.id), { messages: 0, bulks: 0, heldMicros: 0 })
  })

  test('Globex, with SMS switched off, answers 403 FEATURE_DISABLED', async ({ client, assert }) => {
    const token = await tokenFor(await userOf('globex', 'gus@globex.test'))
    const refused = await sendBulk(client, GLOBEX, token, { template: 'Hi', recipients: [{ to: '+14155550151' }] })
    refused.assertStatus(403)
    assert.equal(refused.body().error.code, 'FEATURE_DISABLED')
    const listed = await api(client, 'GET', BULK, GLOBEX, token)
    listed.assertStatus(403)
  })

  test('a bulk send is its owner\'s alone: another brand\'s user and another user of the same brand get 404', async ({ client, assert }) => {
    const first = await texter()
    const second = await texter()
    const created = await sendBulk(client, first.host, first.token, { template: 'Hi', recipients: [{ to: '+14155550161' }] })
    created.assertStatus(201)
    const id = created.body().data.id
    const owner = await tokenFor(first.owner)
    for (const [host, token] of [
      [second.host, second.token],
      [first.host, owner],
    ]) {
      for (const [method, url] of [
        ['GET', `${BULK}/${id}`],
        ['GET', `${BULK}/${id}/recipients`],
        ['DELETE', `${BULK}/${id}`],
      ]) {
        const response = await api(client, method, url, host, token)
        response.assertStatus(404)
      }
      assert.deepEqual((await api(client, 'GET', BULK, host, token)).body().data, [])
    }
    const wrongHost = await api(client, 'GET', `${BULK}/${id}`, second.host, first.token)
    wrongHost.assertStatus(401)
    assert.deepEqual((await messagesOf(first.tenant)).map((m) => m.status), ['queued'])
  })
})
