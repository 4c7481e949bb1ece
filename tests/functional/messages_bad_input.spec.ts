import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import MessageOptOut from '#models/message_opt_out'
import { runForTenant } from '#tenants/context'
import { numberFor } from '#tests/call_helpers'
import { reload } from '#tests/money_helpers'
import { messagesOf, texter, USD } from '#tests/messaging_helpers'

type Sender = Awaited<ReturnType<typeof texter>>

const CONTACT = '+14155550161'
const tomorrow = () => DateTime.now().plus({ days: 1 }).toISO()

/**
 * Each case: what is posted, and the status, code and field the refusal must carry. `setup`
 * prepares what makes an otherwise good request bad (another user's number, an opt-out).
 */
const CASES: {
  name: string
  url?: string
  input: (s: Sender) => Promise<Record<string, unknown>> | Record<string, unknown>
  status: number
  code: string
  field: string
}[] = [
  { name: 'an empty body', input: () => ({ to: CONTACT, body: '' }), status: 422, code: 'VALIDATION_FAILED', field: 'body' },
  { name: 'a blank body', input: () => ({ to: CONTACT, body: '   ' }), status: 422, code: 'VALIDATION_FAILED', field: 'body' },
  { name: 'no body at all', input: () => ({ to: CONTACT }), status: 422, code: 'VALIDATION_FAILED', field: 'body' },
  { name: 'a body over 1600 characters', input: () => ({ to: CONTACT, body: 'a'.repeat(1601) }), status: 422, code: 'BODY_INVALID', field: 'body' },
  { name: 'a GSM-7 body of 11 segments', input: () => ({ to: CONTACT, body: 'a'.repeat(1531) }), status: 422, code: 'BODY_INVALID', field: 'body' },
  { name: 'a UCS-2 body of 11 segments', input: () => ({ to: CONTACT, body: `😀${'ж'.repeat(670)}` }), status: 422, code: 'BODY_INVALID', field: 'body' },
  { name: 'a destination that is no number', input: () => ({ to: '12345', body: 'Hi' }), status: 422, code: 'DESTINATION_INVALID', field: 'to' },
  { name: 'a destination too short', input: () => ({ to: '+1555', body: 'Hi' }), status: 422, code: 'DESTINATION_INVALID', field: 'to' },
  { name: 'a destination that is not a string', input: () => ({ to: 14155550161, body: 'Hi' }), status: 422, code: 'VALIDATION_FAILED', field: 'to' },
  { name: 'a destination outside the brand\'s regions', input: () => ({ to: '+442071838750', body: 'Hi' }), status: 422, code: 'DESTINATION_NOT_ALLOWED', field: 'to' },
  { name: 'a destination that replied STOP', input: async (s) => (await optOut(s, CONTACT), { to: CONTACT, body: 'Hi' }), status: 409, code: 'OPTED_OUT', field: 'to' },
  { name: 'the sender texting itself', input: (s) => ({ to: s.number.e164, body: 'Hi' }), status: 422, code: 'DESTINATION_INVALID', field: 'to' },
  {
    name: 'a sender of another user of the brand',
    input: async (s) => ({ from: (await numberFor(s.tenant, s.owner, { smsEnabled: true })).e164, to: CONTACT, body: 'Hi' }),
    status: 403,
    code: 'SENDER_NOT_OWNED',
    field: 'from',
  },
  {
    name: 'a sender of another brand',
    input: async () => ({ from: (await texter()).number.e164, to: CONTACT, body: 'Hi' }),
    status: 403,
    code: 'SENDER_NOT_OWNED',
    field: 'from',
  },
  {
    name: 'a sender of the user that cannot text',
    input: async (s) => ({ from: (await numberFor(s.tenant, s.member, { smsEnabled: false })).e164, to: CONTACT, body: 'Hi' }),
    status: 403,
    code: 'SENDER_NOT_OWNED',
    field: 'from',
  },
  { name: 'a sender that is no number', input: () => ({ from: 'me', to: CONTACT, body: 'Hi' }), status: 403, code: 'SENDER_NOT_OWNED', field: 'from' },
  { name: 'a schedule in the past', url: 'schedule', input: () => ({ to: CONTACT, body: 'Hi', send_at: DateTime.now().minus({ minutes: 5 }).toISO() }), status: 422, code: 'SCHEDULE_INVALID', field: 'send_at' },
  { name: 'a schedule that is no date', url: 'schedule', input: () => ({ to: CONTACT, body: 'Hi', send_at: 'next tuesday' }), status: 422, code: 'SCHEDULE_INVALID', field: 'send_at' },
  { name: 'a schedule with no time', url: 'schedule', input: () => ({ to: CONTACT, body: 'Hi' }), status: 422, code: 'VALIDATION_FAILED', field: 'send_at' },
  { name: 'a schedule over a year away', url: 'schedule', input: () => ({ to: CONTACT, body: 'Hi', send_at: DateTime.now().plus({ years: 2 }).toISO() }), status: 422, code: 'SCHEDULE_INVALID', field: 'send_at' },
  { name: 'a time zone that does not exist', url: 'schedule', input: () => ({ to: CONTACT, body: 'Hi', send_at: tomorrow(), time_zone: 'Mars/Olympus_Mons' }), status: 422, code: 'SCHEDULE_INVALID', field: 'time_zone' },
  { name: 'a scheduled body that is empty', url: 'schedule', input: () => ({ to: CONTACT, body: ' ', send_at: tomorrow() }), status: 422, code: 'VALIDATION_FAILED', field: 'body' },
  { name: 'a scheduled destination that is no number', url: 'schedule', input: () => ({ to: '12345', body: 'Hi', send_at: tomorrow() }), status: 422, code: 'DESTINATION_INVALID', field: 'to' },
]

function optOut(s: Sender, contact: string) {
  return runForTenant(s.tenant, () => MessageOptOut.create({ contact, keyword: 'STOP', viaNumber: s.number.e164 }))
}

/** Nothing queued for the user, nothing held, nothing taken. */
async function assertNothingWritten(assert: any, s: Sender, funds: number) {
  assert.lengthOf(await messagesOf(s.tenant, s.member), 0, 'no message row')
  const wallet = await reload(s.tenant, s.wallet.id)
  assert.equal(wallet.heldMicros, 0, 'nothing held')
  assert.equal(wallet.balanceMicros, funds, 'nothing charged')
}

test.group('SMS API bad input', () => {
  for (const item of CASES) {
    test(`${item.url === 'schedule' ? 'scheduling' : 'sending'} with ${item.name} is ${item.status} naming ${item.field}`, async ({ client, assert }) => {
      const s = await texter()
      const response = await client
        .post(`/api/v1/sms/${item.url ?? 'send'}`)
        .header('host', s.host)
        .bearerToken(s.token)
        .json(await item.input(s))
      response.assertStatus(item.status)
      assert.equal(response.body().error.code, item.code)
      assert.deepEqual(response.body().error.fields.map((f: any) => f.field), [item.field])
      assert.isString(response.body().error.fields[0].message)
      await assertNothingWritten(assert, s, USD(10))
    })
  }

  test('a wallet that cannot cover the message is 402, with nothing queued or held, sent now or scheduled', async ({ client, assert }) => {
    const s = await texter({ funds: 5_000 })
    for (const [url, extra] of [['send', {}], ['schedule', { send_at: tomorrow() }]] as const) {
      const response = await client.post(`/api/v1/sms/${url}`).header('host', s.host).bearerToken(s.token).json({ to: CONTACT, body: 'Hi', ...extra })
      response.assertStatus(402)
      assert.equal(response.body().error.code, 'INSUFFICIENT_FUNDS')
      assert.isNotEmpty(response.body().error.fields)
    }
    await assertNothingWritten(assert, s, 5_000)
  })

  test('a refused send with an Idempotency-Key frees the key, so the corrected retry is sent', async ({ client, assert }) => {
    const s = await texter()
    const send = (body: Record<string, unknown>) =>
      client.post('/api/v1/sms/send').header('host', s.host).bearerToken(s.token).header('Idempotency-Key', 'fix-and-retry').json(body)
    ;(await send({ to: '12345', body: 'Hi' })).assertStatus(422)
    await assertNothingWritten(assert, s, USD(10))
    const retried = await send({ to: CONTACT, body: 'Hi' })
    retried.assertStatus(201)
    assert.lengthOf(await messagesOf(s.tenant, s.member), 1)
  })

  test('list filters and page sizes out of range are 422 naming the parameter', async ({ client, assert }) => {
    const s = await texter()
    for (const [query, field] of [
      ['status=lost', 'status'],
      ['direction=up', 'direction'],
      ['perPage=500', 'perPage'],
      ['page=0', 'page'],
    ]) {
      const response = await client.get(`/api/v1/sms?${query}`).header('host', s.host).bearerToken(s.token)
      response.assertStatus(422)
      assert.equal(response.body().error.fields[0].field, field)
    }
    const scheduled = await client.get('/api/v1/sms/scheduled?perPage=0').header('host', s.host).bearerToken(s.token)
    scheduled.assertStatus(422)
    ;(await client.get('/api/v1/sms/abc').header('host', s.host).bearerToken(s.token)).assertStatus(404)
    ;(await client.delete('/api/v1/sms/scheduled/999999999').header('host', s.host).bearerToken(s.token)).assertStatus(404)
  })
})
