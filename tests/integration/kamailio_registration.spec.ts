import { test } from '@japa/runner'
import mysql from 'mysql2/promise'
import SipDevice from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import User from '#models/user'
import deviceService from '#services/devices/device_service'
import presence from '#services/devices/presence_service'
import { runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'
import { throwawayBrand } from '#tests/helpers'
import { DEVICE_PORTS, SIP_HOST, freeUdpPort, kamailioDbUrl, startKamailio, type Kamailio } from './kamailio_harness.js'
import { runSipp } from './sipp_runner.js'

let kamailio: Kamailio

/** A brand with a member and one device whose password we know. */
async function brandWithDevice() {
  const brand = await throwawayBrand()
  const snapshot = (await tenancy.resolver.snapshot(brand.tenant.id))!
  const issued = await deviceService.register(snapshot, brand.member, { kind: 'android' })
  return { ...brand, snapshot, device: issued.device, password: issued.settings.password }
}

/** REGISTERs through Kamailio; `expect` picks the scenario that passes only on that final answer. */
async function register(device: { username: string }, domain: string, password: string, expect: 200 | 403, expires = 300) {
  const result = await runSipp({
    scenario: expect === 200 ? 'register' : 'register_refused',
    target: `${SIP_HOST}:${kamailio.port}`,
    localPort: await freeUdpPort(DEVICE_PORTS),
    service: device.username,
    auth: { username: device.username, password },
    keys: { dom: domain, expires },
  })
  return result
}

/** The app hears of a REGISTER right after Kamailio answered it: wait a moment for the row. */
async function registrationsOf(tenant: { id: number; slug: string }, deviceId: number, count: number) {
  let rows: SipRegistration[] = []
  for (let attempt = 0; attempt < 40; attempt++) {
    rows = await runForTenant(tenant, () => SipRegistration.query().where('device_id', deviceId))
    if (rows.length === count) return rows
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return rows
}

test.group('Kamailio: device registration', (group) => {
  group.setup(async () => {
    kamailio = await startKamailio()
    return () => kamailio.stop()
  })
  group.each.timeout(30_000)

  test('the right password registers (200) and the registration reaches the app', async ({ assert }) => {
    const { tenant, member, device, password } = await brandWithDevice()
    const result = await register(device, device.sipDomain, password, 200, 300)
    assert.equal(result.exitCode, 0, result.output + kamailio.log())

    const [row] = await registrationsOf(tenant, device.id, 1)
    assert.exists(row, 'no sip_registrations row')
    assert.match(row.contact, new RegExp(`^sip:${device.username}@127\\.0\\.0\\.1:\\d+$`))
    assert.closeTo(row.expiresAt.diffNow('seconds').seconds, 300, 10)
    assert.match(row.userAgent ?? '', /^sipp-device/)
    assert.isNotNull((await runForTenant(tenant, () => SipDevice.findOrFail(device.id))).lastRegisteredAt)
    assert.deepEqual(await presence.onlineDevices(tenant.id, member.id), [`sip:${device.username}@${device.sipDomain}`])

    const bye = await register(device, device.sipDomain, password, 200, 0)
    assert.equal(bye.exitCode, 0, bye.output)
    assert.lengthOf(await registrationsOf(tenant, device.id, 0), 0)
    assert.deepEqual(await presence.onlineDevices(tenant.id, member.id), [])
  })

  test('a wrong password is refused with 403 and nothing is stored', async ({ assert }) => {
    const { tenant, device, password } = await brandWithDevice()
    const result = await register(device, device.sipDomain, `${password}x`, 403)
    assert.equal(result.exitCode, 0, result.output)
    assert.lengthOf(await registrationsOf(tenant, device.id, 0), 0)
  })

  test("credentials of one brand are refused (403) in another brand's SIP domain", async ({ assert }) => {
    const ours = await brandWithDevice()
    const theirs = await brandWithDevice()
    const result = await register(ours.device, theirs.device.sipDomain, ours.password, 403)
    assert.equal(result.exitCode, 0, result.output)
    /** The same username cannot borrow the other brand's realm either way round. */
    const reverse = await register(theirs.device, ours.device.sipDomain, theirs.password, 403)
    assert.equal(reverse.exitCode, 0, reverse.output)
  })

  test('a disabled device is refused (403) until it is enabled again', async ({ assert }) => {
    const { snapshot, member, device, password } = await brandWithDevice()
    await deviceService.setStatus(snapshot, member.id, device.id, 'disabled')
    assert.equal((await register(device, device.sipDomain, password, 403)).exitCode, 0)
    await deviceService.setStatus(snapshot, member.id, device.id, 'active')
    assert.equal((await register(device, device.sipDomain, password, 200)).exitCode, 0)
  })

  test('a suspended user, a removed device and a replaced password are refused (403)', async ({ assert }) => {
    const suspended = await brandWithDevice()
    await runForTenant(suspended.tenant, () => User.query().where('id', suspended.member.id).update({ status: 'suspended' }))
    assert.equal((await register(suspended.device, suspended.device.sipDomain, suspended.password, 403)).exitCode, 0)

    const removed = await brandWithDevice()
    await deviceService.remove(removed.snapshot, removed.member.id, removed.device.id)
    assert.equal((await register(removed.device, removed.device.sipDomain, removed.password, 403)).exitCode, 0)

    const reset = await brandWithDevice()
    const fresh = await deviceService.resetPassword(reset.snapshot, reset.member.id, reset.device.id)
    assert.equal((await register(reset.device, reset.device.sipDomain, reset.password, 403)).exitCode, 0)
    assert.equal((await register(reset.device, reset.device.sipDomain, fresh!.settings.password, 200)).exitCode, 0)
  })

  test("Kamailio's database user can read the subscriber view and nothing else", async ({ assert }) => {
    const { credentials } = await kamailioDbUrl()
    const connection = await mysql.createConnection(credentials)
    try {
      const [columns] = await connection.query('SHOW COLUMNS FROM kamailio_subscriber')
      assert.sameMembers((columns as any[]).map((c) => c.Field), ['id', 'username', 'domain', 'ha1', 'ha1b', 'tenant_id', 'user_id'])
      for (const table of ['sip_devices', 'users', 'tenants', 'wallets']) {
        await assert.rejects(() => connection.query(`SELECT 1 FROM ${table} LIMIT 1`), /denied/)
      }
      await assert.rejects(() => connection.query("UPDATE kamailio_subscriber SET ha1 = 'x'"), /denied/)
    } finally {
      await connection.end()
    }
  })
})
