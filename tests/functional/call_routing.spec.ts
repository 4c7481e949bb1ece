import { test } from '@japa/runner'
import Call from '#models/call'
import WalletHold from '#models/wallet_hold'
import callService from '#services/calls/call_service'
import { runForTenant } from '#tenants/context'
import { addUser, throwawayBrand } from '#tests/helpers'
import { fundedWallet, reload } from '#tests/money_helpers'
import { askRoute, callByUuid, deviceFor, freshNumber, fromDevice, gateways, numberFor } from '#tests/call_helpers'

const USD = (dollars: number) => Math.round(dollars * 1_000_000)
/** The throwaway brands' default price for US calls: 0.015 a minute, billed per minute; a hold covers 5 minutes. */
const FIVE_MINUTES = 75_000

/** A brand with a calling user: a primary number, a device and a funded wallet. */
async function caller(config: Record<string, any> = {}, funds = USD(10)) {
  const brand = await throwawayBrand(config)
  const number = await numberFor(brand.tenant, brand.member, { isPrimary: true })
  const device = await deviceFor(brand.tenant, brand.member, { online: true })
  const wallet = await fundedWallet(brand.tenant, brand.member, funds)
  return { ...brand, number, device, wallet }
}

function openHolds(tenant: Parameters<typeof runForTenant>[0], walletId: number) {
  return runForTenant(tenant, () => WalletHold.query().where('wallet_id', walletId).where('status', 'open'))
}

test.group('Switch API: who may ask', () => {
  test('a missing or wrong switch token is 401', async ({ client, assert }) => {
    const body = { kind: 'carrier', from: '+14155550100', to: '+14155550123' }
    const missing = await askRoute(client, body, null)
    missing.assertStatus(401)
    assert.equal(missing.body().error.code, 'UNAUTHENTICATED')
    const wrong = await askRoute(client, body, 'not-the-token')
    wrong.assertStatus(401)
  })

  test('a malformed question is 422 naming the field; the switch API is not on brand hosts', async ({ client, assert }) => {
    const noKind = await askRoute(client, { from: '+14155550100', to: '+14155550123' })
    noKind.assertStatus(422)
    const noUser = await askRoute(client, { kind: 'device', tenantId: 1, domain: 'acme.sip.localhost', from: 'x', to: '+14155550100' })
    noUser.assertStatus(422)
    assert.include(noUser.body().error.fields.map((f: any) => f.field), 'username')
    const noTo = await askRoute(client, { kind: 'carrier', from: '+14155550100' })
    noTo.assertStatus(422)
    assert.include(noTo.body().error.fields.map((f: any) => f.field), 'to')
    const onBrand = await client.post('/switch/v1/route').header('host', 'acme.localhost').bearerToken('test-switch-token').json({ kind: 'carrier', from: '1', to: '2' })
    onBrand.assertStatus(404)
  })

  test('an unknown or disabled device is refused with 403', async ({ client, assert }) => {
    const { tenant, member, device } = await caller()
    const unknown = await askRoute(client, fromDevice(device, '+14155550100', { username: 'nobody' }))
    unknown.assertStatus(200)
    assert.deepInclude(unknown.body(), { action: 'reject', code: 403 })
    const disabled = await deviceFor(tenant, member, { status: 'disabled' })
    const refused = await askRoute(client, fromDevice(disabled, '+14155550100'))
    assert.deepInclude(refused.body(), { action: 'reject', code: 403 })
    const otherBrand = await caller()
    const crossed = await askRoute(client, fromDevice(device, '+14155550100', { tenantId: otherBrand.tenant.id }))
    assert.deepInclude(crossed.body(), { action: 'reject', code: 403, reason: 'Device not allowed' })
  })
})

test.group('Switch API: outbound calls', () => {
  test('a good call holds the first minutes and rings the PSTN gateway with the primary number', async ({ client, assert }) => {
    const { tenant, device, number, wallet } = await caller()
    const response = await askRoute(client, fromDevice(device, '(212) 555-0100'))
    response.assertStatus(200)
    const decision = response.body()
    assert.equal(decision.action, 'route')
    assert.equal(decision.callerId, number.e164)
    assert.deepEqual(decision.targets, [{ kind: 'pstn', uri: `sip:12125550100@${gateways().pstn}` }])
    assert.isNull(decision.fallback)
    assert.isAbove(decision.maxSeconds, 300)

    const call = await callByUuid(tenant, decision.callUuid)
    assert.equal(call.status, 'ringing')
    assert.equal(call.direction, 'outbound')
    assert.equal(call.toNumber, '+12125550100')
    assert.equal(call.deviceId, device.id)
    assert.equal(call.switch, 'kamailio')
    assert.equal((await reload(tenant, wallet.id)).heldMicros, FIVE_MINUTES)
    assert.lengthOf(await openHolds(tenant, wallet.id), 1)
  })

  test('a caller ID of another user (or brand) is refused 403 and leaves a rejected CDR line', async ({ client, assert }) => {
    const { tenant, device, member, wallet } = await caller()
    const neighbour = await addUser(tenant, `n${Date.now()}@example.test`, 'user')
    const theirs = await numberFor(tenant, neighbour)
    const refused = await askRoute(client, fromDevice(device, '+12125550100', { callerId: theirs.e164 }))
    refused.assertStatus(200)
    assert.deepInclude(refused.body(), { action: 'reject', code: 403, reason: 'Caller ID not yours' })
    const notANumber = await askRoute(client, fromDevice(device, '+12125550100', { callerId: '+19999' }))
    assert.deepInclude(notANumber.body(), { action: 'reject', code: 403 })

    const own = await numberFor(tenant, member)
    const chosen = await askRoute(client, fromDevice(device, '+12125550100', { callerId: own.e164.slice(1) }))
    assert.equal(chosen.body().callerId, own.e164)
    const disabled = await numberFor(tenant, member, { status: 'disabled' })
    const off = await askRoute(client, fromDevice(device, '+12125550100', { callerId: disabled.e164 }))
    assert.deepInclude(off.body(), { action: 'reject', code: 403 })

    const cdr = await callByUuid(tenant, refused.body().callUuid)
    assert.equal(cdr.status, 'rejected')
    assert.equal(cdr.sipCode, 403)
    assert.equal(cdr.reason, 'Caller ID not yours')
    assert.equal((await reload(tenant, wallet.id)).heldMicros, FIVE_MINUTES)
  })

  test('destinations outside the brand regions or under a blocked prefix are refused 403', async ({ client, assert }) => {
    const { tenant, device, wallet } = await caller({ telephony: { blockedPrefixes: ['1900', '1212555'] } })
    const abroad = await askRoute(client, fromDevice(device, '+442071838750'))
    assert.deepInclude(abroad.body(), { action: 'reject', code: 403, reason: 'Destination GB not allowed' })
    const premium = await askRoute(client, fromDevice(device, '+19005550123'))
    assert.deepInclude(premium.body(), { action: 'reject', code: 403, reason: 'Destination prefix 1900 is blocked' })
    const custom = await askRoute(client, fromDevice(device, 'sip:+12125550100@sip.localhost'))
    assert.deepInclude(custom.body(), { action: 'reject', code: 403, reason: 'Destination prefix 1212555 is blocked' })
    const canada = await askRoute(client, fromDevice(device, '+16135550123'))
    assert.equal(canada.body().action, 'route')
    const garbage = await askRoute(client, fromDevice(device, 'not a number'))
    assert.deepInclude(garbage.body(), { action: 'reject', code: 484, reason: 'Address incomplete' })
    assert.equal((await reload(tenant, wallet.id)).heldMicros, FIVE_MINUTES)
  })

  test('the default blocked prefixes stop US premium-rate numbers', async ({ client, assert }) => {
    const { device } = await caller()
    const premium = await askRoute(client, fromDevice(device, '+19005550123'))
    assert.deepInclude(premium.body(), { action: 'reject', code: 403, reason: 'Destination prefix 1900 is blocked' })
  })

  test('too little balance is refused 402 and nothing is held', async ({ client, assert }) => {
    const { tenant, device, wallet } = await caller({}, 10_000)
    const response = await askRoute(client, fromDevice(device, '+12125550100'))
    response.assertStatus(200)
    assert.deepInclude(response.body(), { action: 'reject', code: 402, reason: 'Insufficient funds' })
    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0)
    assert.equal(after.balanceMicros, 10_000)
    assert.lengthOf(await openHolds(tenant, wallet.id), 0)
    const cdr = await callByUuid(tenant, response.body().callUuid)
    assert.equal(cdr.status, 'rejected')
    assert.equal(cdr.sipCode, 402)
  })

  test('no rate for the destination is refused with 404', async ({ client, assert }) => {
    const { device } = await caller({ regions: ['US', 'CA', 'CH'] })
    const response = await askRoute(client, fromDevice(device, '+41446681800'))
    assert.deepInclude(response.body(), { action: 'reject', code: 404 })
  })

  test('voice or SIP devices off for the brand refuse with 403; a hybrid brand goes out through its trunk', async ({ client, assert }) => {
    const off = await caller({ features: { voice: false } })
    const refused = await askRoute(client, fromDevice(off.device, '+12125550100'))
    assert.deepInclude(refused.body(), { action: 'reject', code: 403 })
    const noDevices = await caller({ features: { sip_devices: false } })
    const deviceRefused = await askRoute(client, fromDevice(noDevices.device, '+12125550100'))
    assert.deepInclude(deviceRefused.body(), { action: 'reject', code: 403, reason: 'SIP devices are not available' })
    const hybrid = await caller({ telephony: { model: 'hybrid', sipTrunk: { host: 'pbx.example.com', port: 5061, transport: 'tls' } } })
    const trunked = await askRoute(client, fromDevice(hybrid.device, '+12125550100'))
    assert.deepEqual(trunked.body().targets, [{ kind: 'trunk', uri: 'sip:12125550100@pbx.example.com:5061;transport=tls' }])
    assert.equal((await callByUuid(hybrid.tenant, trunked.body().callUuid)).route, 'trunk')
  })

  test('a user with no number has no caller ID; a suspended user is refused', async ({ client, assert }) => {
    const { tenant, member } = await throwawayBrand()
    await fundedWallet(tenant, member, USD(5))
    const device = await deviceFor(tenant, member, { online: true })
    const none = await askRoute(client, fromDevice(device, '+12125550100'))
    assert.deepInclude(none.body(), { action: 'reject', code: 403 })
    await numberFor(tenant, member, { isPrimary: true })
    await runForTenant(tenant, async () => {
      member.status = 'suspended'
      await member.save()
    })
    const suspended = await askRoute(client, fromDevice(device, '+12125550100'))
    assert.deepInclude(suspended.body(), { action: 'reject', code: 403, reason: 'Account suspended' })
  })
})

test.group('Switch API: one wallet, many concurrent calls', () => {
  test('50 concurrent decisions never overdraw: exactly the affordable ones get through, and settle exactly', async ({ client, assert }) => {
    const start = 3 * FIVE_MINUTES + 10_000
    const { tenant, device, wallet } = await caller({}, start)
    const responses = await Promise.all(Array.from({ length: 50 }, () => askRoute(client, fromDevice(device, '+12125550100'))))
    assert.deepEqual([...new Set(responses.map((response) => response.status()))], [200])
    const routed = responses.map((response) => response.body()).filter((decision) => decision.action === 'route')
    const refused = responses.map((response) => response.body()).filter((decision) => decision.action === 'reject')
    assert.lengthOf(routed, 3)
    assert.lengthOf(refused, 47)
    assert.isTrue(refused.every((decision) => decision.code === 402))

    const held = await reload(tenant, wallet.id)
    assert.equal(held.heldMicros, 3 * FIVE_MINUTES)
    assert.isAtLeast(held.availableMicros, 0)
    const holds = await openHolds(tenant, wallet.id)
    assert.isAtMost(holds.reduce((sum, hold) => sum + hold.amountMicros, 0), held.balanceMicros)

    const at = new Date()
    for (const [index, decision] of routed.entries()) {
      await callService.onEvent({ type: 'answered', callUuid: decision.callUuid, switchRef: `fs-${index}`, at })
      await callService.onEvent({ type: 'ended', callUuid: decision.callUuid, switchRef: `fs-${index}`, at: new Date(at.getTime() + 30_000), billSeconds: 30 + index * 60, cause: 'NORMAL_CLEARING', sipCode: null })
    }
    const settled = await reload(tenant, wallet.id)
    const calls = await runForTenant(tenant, () => Call.query().whereIn('uuid', routed.map((decision) => decision.callUuid)))
    const charged = calls.reduce((sum, call) => sum + (call.chargedMicros ?? 0), 0)
    assert.equal(charged, 15_000 + 30_000 + 45_000)
    assert.equal(settled.heldMicros, 0)
    assert.equal(settled.balanceMicros, start - charged)
    assert.isTrue(calls.every((call) => call.status === 'completed'))
  }).timeout(60_000)
})

test.group('Switch API: inbound calls', () => {
  test('an unknown number is 404; a disabled number 480 with a CDR line for its user', async ({ client, assert }) => {
    const unknown = await askRoute(client, { kind: 'carrier', from: '+12125550100', to: freshNumber() })
    assert.deepInclude(unknown.body(), { action: 'reject', code: 404 })
    const { tenant, member } = await caller()
    const disabled = await numberFor(tenant, member, { status: 'disabled' })
    const refused = await askRoute(client, { kind: 'carrier', from: '+12125550100', to: disabled.e164.slice(1) })
    assert.deepInclude(refused.body(), { action: 'reject', code: 480, reason: 'Number not in service' })
    const cdr = await callByUuid(tenant, refused.body().callUuid)
    assert.equal(cdr.direction, 'inbound')
    assert.equal(cdr.status, 'rejected')
    assert.equal(cdr.fromNumber, '+12125550100')
    const grace = await numberFor(tenant, member, { status: 'grace' })
    assert.deepInclude((await askRoute(client, { kind: 'carrier', from: '+12125550100', to: grace.e164 })).body(), { action: 'reject', code: 480 })
  })

  test('a suspended brand or user, or voice off, refuses the call', async ({ client, assert }) => {
    const off = await caller({ features: { voice: false } })
    assert.deepInclude((await askRoute(client, { kind: 'carrier', from: '+12125550100', to: off.number.e164 })).body(), { action: 'reject', code: 403 })
    const { tenant, member, number } = await caller()
    await runForTenant(tenant, async () => {
      member.status = 'suspended'
      await member.save()
    })
    assert.deepInclude((await askRoute(client, { kind: 'carrier', from: '+12125550100', to: number.e164 })).body(), { action: 'reject', code: 480 })
  })
})
