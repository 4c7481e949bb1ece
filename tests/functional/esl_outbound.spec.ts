import { test } from '@japa/runner'
import { randomInt, randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'
import Call from '#models/call'
import PhoneNumber from '#models/phone_number'
import { toE164 } from '#services/phone'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { sipDomainOf } from '#telephony/sip_domain'
import { outboundServerFromConfig, type EslOutboundServer, type HandledCall } from '#telephony/freeswitch/outbound_server'
import type { RouteDecision } from '#telephony/types'
import { EslEvent, FakeFreeSwitch, FakeOutboundCall } from '#tests/stand_ins/fake_freeswitch'
import { addUser, brand } from '#tests/helpers'
import { driverOn, nextHandled, noDelayOf } from '#tests/esl_helpers'

const CHANNEL = '78b86350-4fb8-4d2b-a629-1eeafd7d2f74'
const CALL = 'c0ffee00-1234-4abc-8def-0123456789ab'

/** Starts a server on a free port; every test gets its own. */
async function serverWith(overrides: Parameters<typeof outboundServerFromConfig>[0] = {}) {
  const server = outboundServerFromConfig({ host: '127.0.0.1', port: 0, ...overrides })
  const address = await server.listen()
  return { server, address }
}

/** A FreeSWITCH channel hands a call to the server; resolves with what the server did. */
async function ring(server: EslOutboundServer, port: number, call: { to: string; from: string; uuid?: string }) {
  const handled = new Promise<HandledCall>((resolve) => server.once('handled', resolve))
  const channel = await new FakeOutboundCall({ uuid: call.uuid ?? CHANNEL, to: call.to, from: call.from }).connect(port)
  const result = await handled
  await channel.closed()
  return { channel, result }
}

test.group('FreeSWITCH outbound socket: what each inbound call does', (group) => {
  let server: EslOutboundServer
  group.each.teardown(() => server?.close())

  test('a refusal answers the SIP code and hangs up; the decision saw the channel numbers', async ({ assert }) => {
    const asked: { to: string; from: string }[] = []
    const sockets: Socket[] = []
    const started = await serverWith({
      decide: async (call) => {
        asked.push(call)
        return { action: 'reject', callUuid: null, code: 486, reason: 'Busy Here' }
      },
    })
    server = started.server
    server.on('socket', (socket) => sockets.push(socket))
    const { channel } = await ring(server, started.address.port, { to: '+14155550123', from: '+12025550143' })

    assert.deepEqual(asked, [{ to: '+14155550123', from: '+12025550143' }])
    assert.deepEqual(channel.commands.slice(0, 2), ['connect', 'event json BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE'])
    assert.deepEqual(channel.executed.map(({ app, arg }) => [app, arg]), [
      ['respond', '486 Busy Here'],
      ['hangup', 'USER_BUSY'],
    ])
    assert.deepEqual(channel.commands.slice(2), [`sendmsg ${CHANNEL}`, `sendmsg ${CHANNEL}`])
    assert.deepInclude(channel.executed[0].headers, { 'call-command': 'execute', 'event-lock': 'true' })
    assert.lengthOf(sockets, 1)
    assert.isTrue(noDelayOf(sockets[0]))
  })

  test('a route rings the devices for the timeout, then falls back to voicemail in the brand domain', async ({ assert }) => {
    const decision: RouteDecision = {
      action: 'route',
      callUuid: CALL,
      callerId: '+12025550143',
      targets: [{ kind: 'device', uri: 'sip:ann-phone@acme.sip.localhost' }],
      timeoutSeconds: 25,
      fallback: { kind: 'voicemail', uri: 'sip:vm-14155550123@127.0.0.1:5080' },
      maxSeconds: null,
    }
    const domains: string[] = []
    const started = await serverWith({
      decide: async () => decision,
      voicemailDomainOf: async (uuid) => (domains.push(uuid), 'acme.sip.localhost'),
      dial: { deviceProfile: 'internal', externalProfile: 'external', pstnGateway: 'carrier', deviceProxy: null, ringSeconds: 30 },
    })
    server = started.server
    const { channel, result } = await ring(server, started.address.port, { to: '14155550123', from: '+12025550143' })
    assert.deepEqual(domains, [CALL])
    assert.deepEqual(channel.executed.map(({ app, arg }) => [app, arg]), [
      ['set', `brandline_call_uuid=${CALL}`],
      ['set', 'effective_caller_id_number=+12025550143'],
      ['set', 'call_timeout=25'],
      ['set', 'continue_on_fail=true'],
      ['set', 'hangup_after_bridge=true'],
      ['bridge', 'sofia/internal/ann-phone@acme.sip.localhost'],
      ['answer', ''],
      ['voicemail', 'default acme.sip.localhost vm-14155550123'],
      ['hangup', 'NORMAL_CLEARING'],
    ])
    assert.deepEqual(result.apps, channel.executed.map(({ app, arg }) => [app, arg]))
  })

  test('a decision that fails hangs the call up instead of leaving it in silence', async ({ assert }) => {
    const started = await serverWith({ decide: async () => Promise.reject(new Error('database down')) })
    server = started.server
    const { channel, result } = await ring(server, started.address.port, { to: '+14155550123', from: '+12025550143' })
    assert.isNull(result.decision)
    assert.deepEqual(channel.executed.map(({ app, arg }) => [app, arg]), [['hangup', 'NORMAL_TEMPORARY_FAILURE']])
  })
})

test.group('FreeSWITCH outbound socket with the routing service', (group) => {
  let server: EslOutboundServer
  let fake: FakeFreeSwitch
  group.each.setup(async () => {
    fake = await new FakeFreeSwitch().start()
    return async () => {
      await server?.close()
      await fake.stop()
    }
  })

  test('a call to a number nobody holds is refused with 404', async ({ assert }) => {
    const started = await serverWith()
    server = started.server
    const { channel } = await ring(server, started.address.port, { to: '+12125550000', from: '+12025550143' })
    assert.deepEqual(channel.executed.map(({ app, arg }) => [app, arg]), [
      ['respond', '404 Not found'],
      ['hangup', 'UNALLOCATED_NUMBER'],
    ])
  })

  test('a call to a user with no device online goes to their voicemail, and its channel events bill the inbound call', async ({ assert, cleanup }) => {
    const acme = await brand('acme')
    const user = await addUser(acme, `esl-in-${randomUUID().slice(0, 8)}@acme.test`, 'user')
    let e164: string | null = null
    while (!e164) e164 = toE164(`+1212555${randomInt(1000, 9999)}`)
    await runForTenant(acme, () =>
      PhoneNumber.create({ userId: user.id, e164: e164!, country: 'US', type: 'local', status: 'active', isPrimary: true, voiceEnabled: true, monthlyPriceMicros: 1_000_000, monthlyCostMicros: 500_000 })
    )
    const started = await serverWith()
    server = started.server
    const { channel, result } = await ring(server, started.address.port, { to: e164.slice(1), from: '+12025550143' })

    assert.equal(result.decision?.action, 'route')
    const callUuid = (result.decision as Extract<RouteDecision, { action: 'route' }>).callUuid
    const domain = sipDomainOf((await tenancy.resolver.snapshot(acme.id))!)
    assert.deepEqual(channel.executed[0], { app: 'set', arg: `brandline_call_uuid=${callUuid}`, headers: channel.executed[0].headers })
    assert.deepInclude(channel.executed.map(({ app, arg }) => [app, arg]), ['voicemail', `default ${domain} vm-${e164.slice(1)}`])
    const call = await acrossAllTenants('test lookup', () => Call.findByOrFail('uuid', callUuid))
    assert.include({ direction: call.direction, status: call.status, route: call.route, userId: call.userId, switch: call.switch }, { direction: 'inbound', status: 'ringing', route: 'voicemail', userId: user.id, switch: 'freeswitch' })

    // the caller's channel, now carrying our uuid, is answered by voicemail and hangs up after 9 s
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const done = nextHandled(driver, 2)
    const answerAt = new Date()
    const aLeg = (fixture: string, at: Date) =>
      EslEvent.fromFixture(fixture).set('Unique-ID', CHANNEL).set('variable_brandline_call_uuid', callUuid).set('Event-Date-Timestamp', String(at.getTime() * 1000))
    fake.emitEvent(aLeg('event_channel_answer.txt', answerAt))
    fake.emitEvent(aLeg('event_channel_hangup_complete_answered.txt', new Date(answerAt.getTime() + 9000)).set('variable_billsec', 9))
    await done
    const ended = await acrossAllTenants('test lookup', () => Call.findByOrFail('uuid', callUuid))
    assert.include({ status: ended.status, switchRef: ended.switchRef, chargedMicros: ended.chargedMicros }, { status: 'completed', switchRef: CHANNEL, chargedMicros: 0 })
    assert.isNotNull(ended.answeredAt)
  })
})
