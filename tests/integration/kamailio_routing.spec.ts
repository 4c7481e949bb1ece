import { test } from '@japa/runner'
import { randomInt, randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import Call from '#models/call'
import CallRule from '#models/call_rule'
import PhoneNumber from '#models/phone_number'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import deviceService from '#services/devices/device_service'
import { toE164 } from '#services/phone'
import { runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'
import type { TelephonyConfig } from '#config/telephony'
import { throwawayBrand } from '#tests/helpers'
import { fundedWallet } from '#tests/money_helpers'
import { DEVICE_PORTS, SIP_HOST, freeUdpPort, startKamailio, type Kamailio } from './kamailio_harness.js'
import { finalStatus, header, requestsReceived, runSipp, startSipp, type SippResult } from './sipp_runner.js'

let kamailio: Kamailio
const taken = new Set<number>()

/** The sipp stand-ins listen where config/telephony.ts (SIP_PSTN_GATEWAY, SIP_VOICEMAIL_GATEWAY) sends calls. */
function gatewayPort(name: 'pstnGateway' | 'voicemailGateway') {
  return Number(app.config.get<TelephonyConfig>('telephony').sip[name].split(':')[1])
}

async function devicePort() {
  const port = await freeUdpPort(DEVICE_PORTS, taken)
  taken.add(port)
  return port
}

/** A fresh US number, valid for libphonenumber, that no test has used. */
function newNumber() {
  for (;;) {
    const e164 = toE164(`+1628555${String(randomInt(10_000)).padStart(4, '0')}`)
    if (e164) return e164
  }
}

/** A brand whose member holds a number, a device (password known) and, optionally, money. */
async function subscriber(funds = 20_000_000) {
  const brand = await throwawayBrand()
  const snapshot = (await tenancy.resolver.snapshot(brand.tenant.id))!
  const issued = await deviceService.register(snapshot, brand.member, { kind: 'desk_phone' })
  const number = await ownNumber(brand.tenant, brand.member)
  if (funds > 0) await fundedWallet(brand.tenant, brand.member, funds)
  return { ...brand, snapshot, device: issued.device, password: issued.settings.password, number }
}

function ownNumber(tenant: Tenant, user: User) {
  return runForTenant(tenant, () =>
    PhoneNumber.create({
      userId: user.id,
      e164: newNumber(),
      country: 'US',
      type: 'local',
      status: 'active',
      isPrimary: true,
      monthlyPriceMicros: 1_000_000,
      voiceEnabled: true,
      purchasedAt: DateTime.now(),
    })
  )
}

/** Registers the device from `port`, so calls to it reach whatever sipp listens there next. */
async function registerFrom(port: number, device: { username: string; sipDomain: string }, password: string) {
  const result = await runSipp({
    scenario: 'register',
    target: `${SIP_HOST}:${kamailio.port}`,
    localPort: port,
    service: device.username,
    auth: { username: device.username, password },
    keys: { dom: device.sipDomain, expires: 300 },
  })
  if (result.exitCode !== 0) throw new Error(`REGISTER failed:\n${result.output}`)
}

/** The device places a call asking for `callerId`; resolves with the caller's sipp run. */
async function deviceCalls(s: Awaited<ReturnType<typeof subscriber>>, to: string, callerId: string) {
  return runSipp({
    scenario: 'device_call',
    target: `${SIP_HOST}:${kamailio.port}`,
    localPort: await devicePort(),
    service: s.device.username,
    auth: { username: s.device.username, password: s.password },
    keys: { dom: s.device.sipDomain, to, caller_id: callerId },
  })
}

/** A carrier delivers a call to `to` (E.164 digits, no plus, as carriers send them). */
function carrierCalls(to: string, options: { from?: string; sourcePort?: number; dom?: string } = {}) {
  return runSipp({
    scenario: 'carrier_call',
    target: `${SIP_HOST}:${kamailio.port}`,
    localPort: options.sourcePort ?? kamailio.carrierPort,
    keys: { to: to.replace(/^\+/, ''), from: options.from ?? '12025550143', dom: options.dom ?? `${SIP_HOST}:${kamailio.port}` },
    timeoutSeconds: 15,
  })
}

/** A sipp UAS on `port` for the length of `work`. */
async function answering(scenario: 'uas_answer' | 'uas_busy', port: number, work: () => Promise<SippResult>) {
  const uas = startSipp({ scenario, localPort: port, timeoutSeconds: 15 })
  await uas.ready()
  const caller = await work()
  const callee = await Promise.race([uas.done, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))])
  if (!callee) await uas.stop()
  return { caller, callee: callee ?? (await uas.done) }
}

const callOf = (tenant: Tenant, uuid: string | null) => runForTenant(tenant, () => Call.findBy('uuid', uuid ?? ''))

test.group('Kamailio: calls routed by the app', (group) => {
  group.setup(async () => {
    kamailio = await startKamailio()
    return () => kamailio.stop()
  })
  group.each.setup(() => taken.clear())
  group.each.timeout(45_000)

  test('a device calls a PSTN number: relayed to the gateway with the call id and caller ID', async ({ assert }) => {
    const s = await subscriber()
    const { caller, callee } = await answering('uas_answer', gatewayPort('pstnGateway'), () => deviceCalls(s, '+14155550199', s.number.e164))
    assert.equal(caller.exitCode, 0, caller.output + kamailio.log())
    assert.equal(finalStatus(caller), 200)
    assert.equal(callee.exitCode, 0, callee.output)
    const [invite] = requestsReceived(callee, 'INVITE')
    assert.match(invite, /^INVITE sip:\+?14155550199@127\.0\.0\.1:\d+/)
    assert.include(header(invite, 'P-Asserted-Identity') ?? '', s.number.e164)
    assert.match(header(invite, 'Record-Route') ?? '', new RegExp(`127\\.0\\.0\\.1:${kamailio.port}`))
    const call = await callOf(s.tenant, header(invite, 'X-Brandline-Call'))
    assert.exists(call, 'the relayed INVITE names a call the app recorded')
    assert.deepInclude(call!.serialize(), { direction: 'outbound', toNumber: '+14155550199', callerId: s.number.e164 })
  })

  test("a caller ID that is not the caller's is refused with 403", async ({ assert }) => {
    const s = await subscriber()
    const other = await subscriber()
    const caller = await deviceCalls(s, '+14155550199', other.number.e164)
    assert.equal(caller.exitCode, 0, caller.output)
    assert.equal(finalStatus(caller), 403)
  })

  test('a call the wallet cannot pay for is refused with 402', async ({ assert }) => {
    const s = await subscriber(0)
    const caller = await deviceCalls(s, '+14155550199', s.number.e164)
    assert.equal(caller.exitCode, 0, caller.output)
    assert.equal(finalStatus(caller), 402)
  })

  test("a carrier call to a user's number rings the user's registered device", async ({ assert }) => {
    const s = await subscriber()
    const port = await devicePort()
    await registerFrom(port, s.device, s.password)
    const { caller, callee } = await answering('uas_answer', port, () => carrierCalls(s.number.e164))
    assert.equal(caller.exitCode, 0, caller.output + kamailio.log())
    assert.equal(finalStatus(caller), 200)
    assert.equal(callee.exitCode, 0, callee.output)
    const [invite] = requestsReceived(callee, 'INVITE')
    assert.match(invite, new RegExp(`^INVITE sip:${s.device.username}@127\\.0\\.0\\.1:${port}`))
    const call = await callOf(s.tenant, header(invite, 'X-Brandline-Call'))
    assert.deepInclude(call!.serialize(), { direction: 'inbound', toNumber: s.number.e164 })
  })

  test('a busy device falls back to voicemail', async ({ assert }) => {
    const s = await subscriber()
    const port = await devicePort()
    await registerFrom(port, s.device, s.password)
    const voicemail = startSipp({ scenario: 'uas_answer', localPort: gatewayPort('voicemailGateway'), timeoutSeconds: 15 })
    await voicemail.ready()
    const { caller, callee } = await answering('uas_busy', port, () => carrierCalls(s.number.e164))
    assert.equal(callee.exitCode, 0, callee.output)
    assert.equal(caller.exitCode, 0, caller.output + kamailio.log())
    assert.equal(finalStatus(caller), 200)
    const box = await voicemail.done
    assert.equal(box.exitCode, 0, box.output)
    const [invite] = requestsReceived(box, 'INVITE')
    assert.include(invite.split('\n')[0], s.number.e164.slice(1))
    assert.isNotNull(header(invite, 'X-Brandline-Call'))
  })

  test('a user already on a call is forwarded by their forward_busy rule', async ({ assert }) => {
    const s = await subscriber()
    const port = await devicePort()
    await registerFrom(port, s.device, s.password)
    await runForTenant(s.tenant, async () => {
      await CallRule.create({ userId: s.member.id, phoneNumberId: s.number.id, type: 'forward_busy', priority: 1, enabled: true, target: '+14155550142' })
      await Call.create({
        uuid: randomUUID(),
        userId: s.member.id,
        direction: 'inbound',
        status: 'answered',
        fromNumber: '+12025550111',
        toNumber: s.number.e164,
        route: 'device',
        switch: 'kamailio',
        startedAt: DateTime.now(),
      })
    })
    const { caller, callee } = await answering('uas_answer', gatewayPort('pstnGateway'), () => carrierCalls(s.number.e164))
    assert.equal(caller.exitCode, 0, caller.output + kamailio.log())
    assert.equal(finalStatus(caller), 200)
    const [invite] = requestsReceived(callee, 'INVITE')
    assert.match(invite, /^INVITE sip:\+?14155550142@/)
  })

  test('a device with a wrong password cannot place calls (403)', async ({ assert }) => {
    const s = await subscriber()
    const caller = await deviceCalls({ ...s, password: `${s.password}x` }, '+14155550199', s.number.e164)
    assert.equal(caller.exitCode, 0, caller.output)
    assert.equal(finalStatus(caller), 403)
  })

  test('an INVITE from an address that is not a carrier is challenged, never routed', async ({ assert }) => {
    const s = await subscriber()
    const caller = await carrierCalls(s.number.e164, { sourcePort: await devicePort() })
    assert.equal(caller.exitCode, 0, caller.output)
    assert.equal(finalStatus(caller), 407)
    assert.lengthOf(await runForTenant(s.tenant, () => Call.query().where('user_id', s.member.id)), 0)
  })

  test("a leg from our switch to a device's address goes to the registered device as it is", async ({ assert }) => {
    const s = await subscriber()
    const port = await devicePort()
    await registerFrom(port, s.device, s.password)
    const { caller, callee } = await answering('uas_answer', port, () =>
      carrierCalls(s.device.username, { sourcePort: gatewayPort('pstnGateway'), dom: s.device.sipDomain })
    )
    assert.equal(caller.exitCode, 0, caller.output + kamailio.log())
    assert.equal(finalStatus(caller), 200)
    const [invite] = requestsReceived(callee, 'INVITE')
    assert.match(invite, new RegExp(`^INVITE sip:${s.device.username}@127\\.0\\.0\\.1:${port}`))
    assert.isNull(header(invite, 'X-Brandline-Call'), 'the app was not asked again')
  })

  test('a call to a number nobody holds is refused', async ({ assert }) => {
    const caller = await carrierCalls(newNumber())
    assert.equal(caller.exitCode, 0, caller.output)
    assert.oneOf(finalStatus(caller), [404, 480])
  })
})
