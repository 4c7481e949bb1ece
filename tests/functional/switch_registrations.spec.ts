import { test } from '@japa/runner'
import SipDevice from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import deviceService from '#services/devices/device_service'
import presence from '#services/devices/presence_service'
import { runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'
import { PLATFORM, throwawayBrand } from '#tests/helpers'

const TOKEN = 'test-switch-token'

async function deviceFor(config: Record<string, any> = {}) {
  const { tenant, member, host } = await throwawayBrand(config)
  const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
  const issued = await deviceService.register(snapshot, member, { kind: 'android' })
  return { tenant, snapshot, member, host, device: issued.device }
}

const registrationsOf = (tenant: { id: number; slug: string }, deviceId: number) =>
  runForTenant(tenant, () => SipRegistration.query().where('device_id', deviceId).orderBy('id'))

test.group('Switch API: registrations from Kamailio', () => {
  test('a reported REGISTER is stored, refreshed, and removed with expires 0', async ({ client, assert }) => {
    const { tenant, snapshot, member, device } = await deviceFor()
    const report = {
      deviceId: device.id,
      tenantId: tenant.id,
      username: device.username,
      domain: device.sipDomain,
      contact: 'sip:d1@192.0.2.10:5062;transport=udp',
      expires: 600,
      userAgent: 'Linphone/5.2',
      received: 'sip:198.51.100.7:40123;transport=udp',
    }
    const first = await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json(report)
    first.assertStatus(200)
    assert.isTrue(first.body().data.registered)
    let rows = await registrationsOf(tenant, device.id)
    assert.lengthOf(rows, 1)
    assert.deepInclude(rows[0].serialize(), { contact: report.contact, userAgent: 'Linphone/5.2', received: report.received })
    assert.closeTo(rows[0].expiresAt.diffNow('seconds').seconds, 600, 5)
    assert.isNotNull((await runForTenant(tenant, () => SipDevice.findOrFail(device.id))).lastRegisteredAt)
    assert.deepEqual(await presence.onlineDevices(tenant.id, member.id), [`sip:${device.username}@${device.sipDomain}`])

    await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json({ ...report, expires: 60 })
    rows = await registrationsOf(tenant, device.id)
    assert.lengthOf(rows, 1)
    assert.closeTo(rows[0].expiresAt.diffNow('seconds').seconds, 60, 5)

    /** A second contact by username and domain only (no id), then Contact: * drops both. */
    const byName = { username: device.username, domain: device.sipDomain, contact: 'sip:d1@192.0.2.11:5062', expires: 300 }
    ;(await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json(byName)).assertStatus(200)
    assert.lengthOf(await registrationsOf(tenant, device.id), 2)
    const gone = await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json({ deviceId: device.id, contact: report.contact, expires: 0 })
    gone.assertStatus(200)
    assert.isFalse(gone.body().data.registered)
    assert.deepEqual((await registrationsOf(tenant, device.id)).map((r) => r.contact), [byName.contact])
    await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json({ deviceId: device.id, contact: '*', expires: 0 })
    assert.lengthOf(await registrationsOf(tenant, device.id), 0)
    assert.deepEqual(await presence.onlineDevices(tenant.id, member.id), [])
    assert.equal(snapshot.id, tenant.id)
  })

  test('presence lists only active devices with a live registration', async ({ client, assert }) => {
    const { tenant, snapshot, member, device } = await deviceFor()
    const second = (await deviceService.register(snapshot, member, { kind: 'ios' })).device
    for (const id of [device.id, second.id]) {
      await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json({ deviceId: id, contact: `sip:${id}@192.0.2.1`, expires: 120 })
    }
    assert.lengthOf(await presence.onlineDevices(tenant.id, member.id), 2)
    await deviceService.setStatus(snapshot, member.id, second.id, 'disabled')
    assert.deepEqual(await presence.onlineDevices(tenant.id, member.id), [`sip:${device.username}@${device.sipDomain}`])
    assert.deepEqual(await presence.onlineDevices(tenant.id, member.id + 999_999), [])
  })

  test('the switch token is required and bad reports are refused with the field named', async ({ client, assert }) => {
    const { tenant, device } = await deviceFor()
    const none = await client.post('/switch/v1/registrations').header('host', PLATFORM).json({ deviceId: device.id, contact: 'sip:a@b', expires: 60 })
    none.assertStatus(401)
    const wrong = await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken('nope').json({ deviceId: device.id, contact: 'sip:a@b', expires: 60 })
    wrong.assertStatus(401)
    const onBrandHost = await client.post('/switch/v1/registrations').header('host', 'acme.localhost').bearerToken(TOKEN).json({ deviceId: device.id, contact: 'sip:a@b', expires: 60 })
    onBrandHost.assertStatus(404)

    const cases: [Record<string, unknown>, string][] = [
      [{ deviceId: device.id, expires: 60 }, 'contact'],
      [{ deviceId: device.id, contact: 'sip:a@b', expires: -1 }, 'expires'],
      [{ deviceId: device.id, contact: 'sip:a@b', expires: 'soon' }, 'expires'],
      [{ contact: 'sip:a@b', expires: 60 }, 'deviceId'],
    ]
    for (const [body, field] of cases) {
      const response = await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json(body)
      response.assertStatus(422)
      assert.include(response.body().error.fields.map((f: any) => f.field), field, JSON.stringify(body))
    }
    const unknown = await client.post('/switch/v1/registrations').header('host', PLATFORM).bearerToken(TOKEN).json({ deviceId: 987_654_321, contact: 'sip:a@b', expires: 60 })
    unknown.assertStatus(404)
    assert.equal(unknown.body().error.code, 'DEVICE_UNKNOWN')
    const mismatch = await client
      .post('/switch/v1/registrations')
      .header('host', PLATFORM)
      .bearerToken(TOKEN)
      .json({ deviceId: device.id, username: 'someoneelse', domain: device.sipDomain, contact: 'sip:a@b', expires: 60 })
    mismatch.assertStatus(404)
    assert.lengthOf(await registrationsOf(tenant, device.id), 0)
  })
})
