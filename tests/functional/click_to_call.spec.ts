import { test } from '@japa/runner'
import Call from '#models/call'
import rating from '#services/rating/rating_service'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import voice from '#telephony/voice/manager'
import { throwawayBrand, tokenFor, addUser } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'
import { RecordingSwitch, callRow, eventually } from '#tests/dialer_helpers'
import { numberFor, deviceFor } from '#tests/call_helpers'

const USD = (dollars: number) => Math.round(dollars * 1_000_000)
const DESTINATION = '+12125550147'

/** A brand on the simulated model with a customer who has a number, a device, a funded wallet and a token. */
async function caller(funds = USD(5)) {
  const brand = await throwawayBrand()
  const number = await numberFor(brand.tenant, brand.member, { isPrimary: true })
  const device = await deviceFor(brand.tenant, brand.member)
  const wallet = await fundedWallet(brand.tenant, brand.member, funds)
  return { ...brand, number, device, wallet, token: await tokenFor(brand.member) }
}

let key = 0
const dial = (client: any, host: string, token: string, body: Record<string, unknown>) =>
  client.post('/api/v1/calls/initiate').header('host', host).header('Idempotency-Key', `c2c-${Date.now()}-${key++}`).bearerToken(token).json(body)

async function callsOf(tenant: any, userId: number) {
  return runForTenant(tenant, () => Call.query().where('user_id', userId))
}

test.group('Click-to-call on the simulated switch', (group) => {
  let sw: RecordingSwitch
  group.each.setup(() => {
    sw = voice.fake(new RecordingSwitch()) as RecordingSwitch
    return async () => {
      sw.close()
      await voice.restore()
    }
  })

  test('the call rings the device, answers, ends, and is billed exactly its rated price', async ({ client, assert }) => {
    const { tenant, host, member, number, device, wallet, token } = await caller()
    const response = await dial(client, host, token, { destination: '(212) 555-0147' })
    response.assertStatus(201)
    const placed = response.body().data
    assert.equal(placed.direction, 'outbound')
    assert.equal(placed.to, DESTINATION)
    assert.equal(placed.callerId, number.e164)
    assert.include(['ringing', 'answered'], placed.status)
    assert.deepEqual(sw.originated[0].deviceUris, [`sip:${device.username}@${device.sipDomain}`])
    assert.equal(sw.originated[0].callerId, number.e164)
    assert.isAbove((await reload(tenant, wallet.id)).heldMicros, 0, 'the first minutes are held while it rings')

    await sw.whenEnded(placed.uuid)
    assert.deepEqual(sw.events.map((event) => event.type), ['ringing', 'answered', 'ended'])
    const row = await callRow(tenant, placed.uuid)
    assert.equal(row.status, 'completed')
    assert.equal(row.hangupCause, 'NORMAL_CLEARING')
    assert.equal(row.endedAt!.diff(row.answeredAt!, 'seconds').seconds, 8, 'talk time is the simulated 8 seconds')

    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    const quote = await rating.quoteCall(snapshot, { destination: DESTINATION.slice(1), seconds: 8, direction: 'outbound', at: row.answeredAt!.toJSDate() })
    assert.isAbove(quote.priceMicros, 0)
    assert.equal(row.priceMicros, quote.priceMicros)
    assert.equal(row.chargedMicros, quote.priceMicros)
    assert.equal(row.billableSeconds, quote.billableSeconds)

    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0, 'the hold is closed')
    assert.equal(after.balanceMicros, USD(5) - quote.priceMicros)
    const debits = (await ledgerOf(tenant, wallet.id)).filter((entry) => entry.kind === 'debit')
    assert.lengthOf(debits, 1)
    assert.equal(debits[0].amountMicros, -quote.priceMicros)
    assert.equal(debits[0].category, 'call')

    const cdr = await client.get(`/api/v1/calls/${placed.id}`).header('host', host).bearerToken(token)
    cdr.assertStatus(200)
    assert.equal(cdr.body().data.status, 'completed')
    assert.equal(cdr.body().data.to, DESTINATION)
    assert.lengthOf(await callsOf(tenant, member.id), 1)
  })

  test('the same Idempotency-Key places one call', async ({ client, assert }) => {
    const { tenant, host, member, token } = await caller()
    const send = () => client.post('/api/v1/calls/initiate').header('host', host).header('Idempotency-Key', 'one-call').bearerToken(token).json({ destination: DESTINATION })
    const first = await send()
    const again = await send()
    first.assertStatus(201)
    again.assertStatus(201)
    assert.equal(again.body().data.id, first.body().data.id)
    assert.lengthOf(sw.originated, 1)
    await sw.whenEnded(first.body().data.uuid)
    assert.lengthOf(await callsOf(tenant, member.id), 1)
  })

  test('a caller ID that is not one of the caller own active numbers is refused and nothing is held', async ({ client, assert }) => {
    const { tenant, host, member, wallet, token } = await caller()
    const other = await addUser(tenant, `other-${Date.now()}@example.test`, 'user')
    const theirs = await numberFor(tenant, other, { isPrimary: true })
    const elsewhere = await caller()
    for (const callerId of [theirs.e164, elsewhere.number.e164, '+12025550111', 'not a number']) {
      const response = await dial(client, host, token, { destination: DESTINATION, callerId })
      response.assertStatus(422)
      assert.equal(response.body().error.code, 'CALLER_ID_NOT_OWNED')
      assert.equal(response.body().error.fields[0].field, 'callerId')
    }
    assert.lengthOf(sw.originated, 0)
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
    assert.lengthOf(await callsOf(tenant, member.id), 0)
  })

  test('a second number of the user can be the caller ID; a user with no number is told to get one', async ({ client, assert }) => {
    const { tenant, host, member, token } = await caller()
    const second = await numberFor(tenant, member)
    const response = await dial(client, host, token, { destination: DESTINATION, callerId: second.e164 })
    response.assertStatus(201)
    assert.equal(response.body().data.callerId, second.e164)
    await sw.whenEnded(response.body().data.uuid)

    const bare = await throwawayBrand()
    await fundedWallet(bare.tenant, bare.member, USD(5))
    const refused = await dial(client, bare.host, await tokenFor(bare.member), { destination: DESTINATION })
    refused.assertStatus(422)
    assert.equal(refused.body().error.code, 'CALLER_ID_NOT_OWNED')
  })

  test('a bad or disallowed destination is a 422 on destination, nothing held', async ({ client, assert }) => {
    const { tenant, host, wallet, token } = await caller()
    for (const [destination, code] of [
      ['12', 'DESTINATION_INVALID'],
      ['+1 900 555 0100', 'DESTINATION_NOT_ALLOWED'],
      ['+44 20 7946 0018', 'DESTINATION_NOT_ALLOWED'],
    ]) {
      const response = await dial(client, host, token, { destination })
      response.assertStatus(422)
      assert.equal(response.body().error.code, code, destination)
      assert.equal(response.body().error.fields[0].field, 'destination')
    }
    const missing = await dial(client, host, token, {})
    missing.assertStatus(422)
    assert.equal(missing.body().error.fields[0].field, 'destination')
    assert.lengthOf(sw.originated, 0)
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
  })

  test('too little balance is a 402 and nothing is held or placed', async ({ client, assert }) => {
    const { tenant, host, member, wallet, token } = await caller(0)
    const response = await dial(client, host, token, { destination: DESTINATION })
    response.assertStatus(402)
    assert.equal(response.body().error.code, 'INSUFFICIENT_FUNDS')
    assert.lengthOf(sw.originated, 0)
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
    assert.lengthOf(await callsOf(tenant, member.id), 0)
  })

  test('when the switch fails, the hold is released, the call is filed as failed and the API says 502', async ({ client, assert }) => {
    const { tenant, host, member, wallet, token } = await caller()
    sw.failNext = new Error('ESL connection refused')
    const response = await dial(client, host, token, { destination: DESTINATION })
    response.assertStatus(502)
    assert.equal(response.body().error.code, 'GATEWAY_UNAVAILABLE')
    const [row] = await callsOf(tenant, member.id)
    assert.equal(row.status, 'failed')
    assert.equal(row.chargedMicros, 0)
    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0)
    assert.equal(after.balanceMicros, USD(5))
    assert.deepEqual((await ledgerOf(tenant, wallet.id)).map((entry) => entry.kind), ['adjustment', 'hold', 'release'])
  })

  test('hanging up while it rings cancels the call for nothing; hanging up while talking bills the talk so far', async ({ client, assert }) => {
    const { tenant, host, wallet, token } = await caller()
    sw.timeline.ringMs = 5000
    const ringing = (await dial(client, host, token, { destination: DESTINATION })).body().data
    const cancel = await client.post(`/api/v1/calls/${ringing.id}/hangup`).header('host', host).bearerToken(token)
    cancel.assertStatus(200)
    await sw.whenEnded(ringing.uuid)
    const cancelled = await callRow(tenant, ringing.uuid)
    assert.equal(cancelled.status, 'cancelled')
    assert.equal(cancelled.chargedMicros, 0)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5))

    sw.timeline.ringMs = 5
    sw.timeline.talkSeconds = 3600
    sw.timeline.msPerSecond = 10
    const talking = (await dial(client, host, token, { destination: DESTINATION })).body().data
    await eventually(async () => (await callRow(tenant, talking.uuid)).status === 'answered')
    await new Promise((resolve) => setTimeout(resolve, 60))
    const hungUp = await client.post(`/api/v1/calls/${talking.id}/hangup`).header('host', host).bearerToken(token)
    hungUp.assertStatus(200)
    await sw.whenEnded(talking.uuid)
    const ended = sw.events.find((event) => event.callUuid === talking.uuid && event.type === 'ended')
    assert.isTrue(ended?.type === 'ended' && ended.billSeconds >= 5 && ended.billSeconds < 3600)
    const row = await callRow(tenant, talking.uuid)
    assert.equal(row.status, 'completed')
    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    const seconds = ended?.type === 'ended' ? ended.billSeconds : 0
    const quote = await rating.quoteCall(snapshot, { destination: DESTINATION.slice(1), seconds, direction: 'outbound', at: row.answeredAt!.toJSDate() })
    assert.equal(row.chargedMicros, quote.priceMicros)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5) - quote.priceMicros)
  })

  test('a call the switch lost (a restart of the quickstart) is closed on hang-up, billed at most its held time', async ({ client, assert }) => {
    const { tenant, host, wallet, token } = await caller()
    sw.timeline.ringMs = 5000
    const placed = (await dial(client, host, token, { destination: DESTINATION })).body().data
    sw.close()
    const hungUp = await client.post(`/api/v1/calls/${placed.id}/hangup`).header('host', host).bearerToken(token)
    hungUp.assertStatus(200)
    assert.equal(hungUp.body().data.status, 'cancelled')
    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0)
    assert.equal(after.balanceMicros, USD(5))
  })

  test('the test destinations end busy, unreachable and unanswered, for nothing', async ({ client, assert }) => {
    const { tenant, host, wallet, token } = await caller()
    for (const [destination, status, cause] of [
      ['+12025550186', 'busy', 'USER_BUSY'],
      ['+12025550104', 'failed', 'NO_ROUTE_DESTINATION'],
      ['+12025550180', 'no_answer', 'NO_ANSWER'],
    ]) {
      const placed = (await dial(client, host, token, { destination })).body().data
      await sw.whenEnded(placed.uuid)
      const row = await callRow(tenant, placed.uuid)
      assert.equal(row.status, status, destination)
      assert.equal(row.hangupCause, cause)
      assert.equal(row.chargedMicros, 0)
    }
    const after = await reload(tenant, wallet.id)
    assert.equal(after.balanceMicros, USD(5))
    assert.equal(after.heldMicros, 0)
  })

  test('a wallet that covers part of the talk ends the call when the money runs out, never below zero', async ({ client, assert }) => {
    const snapshotOf = async (id: number) => (await tenancy.resolver.snapshot(id))!
    const probe = await throwawayBrand()
    const perMinute = await rating.quoteCall(await snapshotOf(probe.tenant.id), { destination: DESTINATION.slice(1), seconds: 60, direction: 'outbound' })
    const { tenant, host, wallet, token } = await caller(perMinute.priceMicros)
    sw.timeline.talkSeconds = 600
    const placed = (await dial(client, host, token, { destination: DESTINATION })).body().data
    await sw.whenEnded(placed.uuid)
    const ended = sw.events.find((event) => event.callUuid === placed.uuid && event.type === 'ended')
    assert.equal(ended?.type === 'ended' ? ended.cause : null, 'ALLOTTED_TIMEOUT')
    assert.equal(sw.originated[0].maxSeconds, ended?.type === 'ended' ? ended.billSeconds : -1)
    const after = await reload(tenant, wallet.id)
    assert.isAtLeast(after.balanceMicros, 0)
    assert.equal(after.heldMicros, 0)
    assert.equal((await callRow(tenant, placed.uuid)).uncollectedMicros, 0)
  })

  test('hang-up is for the caller own calls only', async ({ client, assert }) => {
    const { tenant, host, token } = await caller()
    sw.timeline.ringMs = 5000
    const placed = (await dial(client, host, token, { destination: DESTINATION })).body().data
    const colleague = await addUser(tenant, `colleague-${Date.now()}@example.test`, 'user')
    const theirs = await client.post(`/api/v1/calls/${placed.id}/hangup`).header('host', host).bearerToken(await tokenFor(colleague))
    theirs.assertStatus(404)
    const elsewhere = await caller()
    const otherBrand = await client.post(`/api/v1/calls/${placed.id}/hangup`).header('host', elsewhere.host).bearerToken(elsewhere.token)
    otherBrand.assertStatus(404)
    const foreignToken = await client.post(`/api/v1/calls/${placed.id}/hangup`).header('host', host).bearerToken(elsewhere.token)
    foreignToken.assertStatus(401)
    assert.equal((await callRow(tenant, placed.uuid)).status, 'ringing')
  })

  test('voice switched off: the API says FEATURE_DISABLED', async ({ client, assert }) => {
    const brand = await throwawayBrand({ features: { voice: false } })
    const response = await dial(client, brand.host, await tokenFor(brand.member), { destination: DESTINATION })
    response.assertStatus(403)
    assert.equal(response.body().error.code, 'FEATURE_DISABLED')
  })
})
