import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Call from '#models/call'
import callService from '#services/calls/call_service'
import { decideInbound } from '#controllers/switch/routing_controller'
import { runForTenant } from '#tenants/context'
import { throwawayBrand } from '#tests/helpers'
import { fundedWallet, reload } from '#tests/money_helpers'
import { askRoute, callByUuid, deviceFor, forwardUriOf, numberFor, ruleOn, voicemailUri } from '#tests/call_helpers'

const CALLER = '+12125550100'
const FORWARD = '+13105550100'
const allWeek = (spans: string[]) => Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, spans]))

/** A brand whose member holds a number, optionally with a registered device and funds for forwards. */
async function callee(options: { online?: boolean; funds?: number; config?: Record<string, any> } = {}) {
  const brand = await throwawayBrand(options.config ?? {})
  const number = await numberFor(brand.tenant, brand.member, { isPrimary: true })
  const device = options.online === false ? null : await deviceFor(brand.tenant, brand.member, { online: true })
  const wallet = await fundedWallet(brand.tenant, brand.member, options.funds ?? 5_000_000)
  return { ...brand, number, device, wallet }
}

const ring = (client: Parameters<typeof askRoute>[0], to: string, from = CALLER) => askRoute(client, { kind: 'carrier', from, to, callId: 'abc@carrier' })
const forwardUri = forwardUriOf(FORWARD)

test.group('Switch API: inbound calls by default', () => {
  test('every online device rings for the default time, then voicemail; the call is recorded', async ({ client, assert }) => {
    const { tenant, number, device } = await callee()
    const decision = (await ring(client, number.e164)).body()
    assert.equal(decision.action, 'route')
    assert.deepEqual(decision.targets, [{ kind: 'device', uri: `sip:${device!.username}@${device!.sipDomain}` }])
    assert.equal(decision.timeoutSeconds, 25)
    assert.deepEqual(decision.fallback, { kind: 'voicemail', uri: voicemailUri(number.e164) })
    assert.equal(decision.callerId, CALLER)
    assert.isNull(decision.maxSeconds)
    const call = await callByUuid(tenant, decision.callUuid)
    assert.include(call.$attributes, { direction: 'inbound', status: 'ringing', route: 'device', fromNumber: CALLER, toNumber: number.e164 })
  })

  test('with no device online the call goes straight to voicemail; with voicemail off it is refused 480', async ({ client, assert }) => {
    const offline = await callee({ online: false })
    const decision = (await ring(client, offline.number.e164)).body()
    assert.deepEqual(decision.targets, [{ kind: 'voicemail', uri: voicemailUri(offline.number.e164) }])
    assert.equal((await callByUuid(offline.tenant, decision.callUuid)).route, 'voicemail')
    const noVoicemail = await callee({ online: false, config: { features: { voicemail: false } } })
    assert.deepInclude((await ring(client, noVoicemail.number.e164)).body(), { action: 'reject', code: 480 })
  })

  test('a disabled device does not ring; an anonymous caller is presented as anonymous', async ({ client, assert }) => {
    const { tenant, member, number } = await callee({ online: false })
    await deviceFor(tenant, member, { online: true, status: 'disabled' })
    const decision = (await ring(client, number.e164, 'anonymous')).body()
    assert.equal(decision.targets[0].kind, 'voicemail')
    assert.equal(decision.callerId, 'anonymous')
  })
})

test.group('Switch API: inbound call rules', () => {
  test('forward_always opens a paid forwarded leg with the original caller ID', async ({ client, assert }) => {
    const { tenant, number, wallet } = await callee()
    await ruleOn(tenant, number, { type: 'forward_always', target: FORWARD })
    const decision = (await ring(client, number.e164)).body()
    assert.equal(decision.action, 'route')
    assert.lengthOf(decision.targets, 1)
    const leg = forwardUri.exec(decision.targets[0].uri)?.[1]
    assert.exists(leg, decision.targets[0].uri)
    assert.equal(decision.callerId, CALLER)
    assert.isAbove(decision.maxSeconds, 0)

    const inbound = await callByUuid(tenant, decision.callUuid)
    assert.include(inbound.$attributes, { direction: 'inbound', route: 'forward', forwardedTo: FORWARD })
    const forwarded = await callByUuid(tenant, leg!)
    assert.include(forwarded.$attributes, { direction: 'outbound', route: 'forward', toNumber: FORWARD, callerId: CALLER, fromNumber: number.e164 })
    assert.isNotNull(forwarded.holdId)
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 75_000)

    await callService.onEvent({ type: 'ended', callUuid: leg!, switchRef: 'fs-1', at: new Date(), billSeconds: 0, cause: 'NO_ANSWER', sipCode: 480 })
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
  })

  test('a forward the wallet cannot pay goes to voicemail, or is refused without voicemail', async ({ client, assert }) => {
    const broke = await callee({ funds: 0 })
    await ruleOn(broke.tenant, broke.number, { type: 'forward_always', target: FORWARD })
    const decision = (await ring(client, broke.number.e164)).body()
    assert.deepEqual(decision.targets, [{ kind: 'voicemail', uri: voicemailUri(broke.number.e164) }])
    const silent = await callee({ funds: 0, config: { features: { voicemail: false } } })
    await ruleOn(silent.tenant, silent.number, { type: 'forward_always', target: FORWARD })
    assert.deepInclude((await ring(client, silent.number.e164)).body(), { action: 'reject', code: 480, reason: 'Forwarding unavailable' })
  })

  test('dnd sends the call to voicemail', async ({ client, assert }) => {
    const { tenant, number } = await callee()
    await ruleOn(tenant, number, { type: 'dnd' })
    assert.deepEqual((await ring(client, number.e164)).body().targets, [{ kind: 'voicemail', uri: voicemailUri(number.e164) }])
  })

  test('schedule: closed hours forward (or voicemail), open hours ring the devices', async ({ client, assert }) => {
    const closed = await callee()
    await ruleOn(closed.tenant, closed.number, { type: 'schedule', target: FORWARD, schedule: { timezone: 'Europe/Berlin', hours: {}, holidays: [] } })
    assert.match((await ring(client, closed.number.e164)).body().targets[0].uri, forwardUri)
    const today = DateTime.now().setZone('America/New_York').toISODate()!
    const holiday = await callee()
    await ruleOn(holiday.tenant, holiday.number, { type: 'schedule', schedule: { timezone: 'America/New_York', hours: allWeek(['00:00-24:00']), holidays: [today] } })
    assert.equal((await ring(client, holiday.number.e164)).body().targets[0].kind, 'voicemail')
    const open = await callee()
    await ruleOn(open.tenant, open.number, { type: 'schedule', target: FORWARD, schedule: { timezone: 'Asia/Tokyo', hours: allWeek(['00:00-24:00']), holidays: [] } })
    assert.equal((await ring(client, open.number.e164)).body().targets[0].kind, 'device')
  })

  test('forward_busy forwards only while the user is on a call', async ({ client, assert }) => {
    const { tenant, member, number } = await callee()
    await ruleOn(tenant, number, { type: 'forward_busy', target: FORWARD })
    assert.equal((await ring(client, number.e164)).body().targets[0].kind, 'device')
    const now = DateTime.now()
    await runForTenant(tenant, () =>
      Call.create({ uuid: crypto.randomUUID(), userId: member.id, direction: 'outbound', status: 'answered', fromNumber: number.e164, toNumber: CALLER, route: 'pstn', switch: 'kamailio', coveredSeconds: 300, startedAt: now, answeredAt: now })
    )
    assert.match((await ring(client, number.e164)).body().targets[0].uri, forwardUri)
  })

  test('forward_unreachable forwards only when no device is registered', async ({ client, assert }) => {
    const online = await callee()
    await ruleOn(online.tenant, online.number, { type: 'forward_unreachable', target: FORWARD })
    assert.equal((await ring(client, online.number.e164)).body().targets[0].kind, 'device')
    const offline = await callee({ online: false })
    await ruleOn(offline.tenant, offline.number, { type: 'forward_unreachable', target: FORWARD })
    assert.match((await ring(client, offline.number.e164)).body().targets[0].uri, forwardUri)
  })

  test('forward_no_answer rings the devices for its timeout, then the forwarded leg', async ({ client, assert }) => {
    const { tenant, number } = await callee()
    await ruleOn(tenant, number, { type: 'forward_no_answer', target: FORWARD, timeoutSeconds: 15 })
    const decision = (await ring(client, number.e164)).body()
    assert.equal(decision.targets[0].kind, 'device')
    assert.equal(decision.timeoutSeconds, 15)
    assert.match(decision.fallback.uri, forwardUri)
    assert.equal((await callByUuid(tenant, decision.callUuid)).forwardedTo, FORWARD)
  })

  test('rules apply by priority; disabled rules and forwards without call_forwarding are skipped', async ({ client, assert }) => {
    const { tenant, number } = await callee()
    await ruleOn(tenant, number, { type: 'forward_always', target: FORWARD, priority: 20 })
    await ruleOn(tenant, number, { type: 'dnd', priority: 10, enabled: false })
    assert.match((await ring(client, number.e164)).body().targets[0].uri, forwardUri)
    await ruleOn(tenant, number, { type: 'dnd', priority: 5 })
    assert.equal((await ring(client, number.e164)).body().targets[0].kind, 'voicemail')

    const noForwarding = await callee({ config: { features: { call_forwarding: false } } })
    await ruleOn(noForwarding.tenant, noForwarding.number, { type: 'forward_always', target: FORWARD })
    assert.equal((await ring(client, noForwarding.number.e164)).body().targets[0].kind, 'device')
  })

  test('FreeSWITCH asks in process through the same decision, recorded as its switch', async ({ assert }) => {
    const { tenant, number } = await callee()
    const decision = await decideInbound({ to: number.e164, from: CALLER }, { switch: 'freeswitch' })
    assert.equal(decision.action, 'route')
    assert.equal((await callByUuid(tenant, decision.callUuid!)).switch, 'freeswitch')
  })
})
