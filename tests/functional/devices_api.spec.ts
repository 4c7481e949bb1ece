import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import SipDevice from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import { DEVICE_LIMIT } from '#services/devices/device_service'
import { runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'
import { sipDomainOf } from '#telephony/sip_domain'
import { ACME, GLOBEX, addUser, brand, throwawayBrand, tokenFor, userOf } from '#tests/helpers'

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

async function stored(tenantId: number, id: number) {
  const tenant = (await tenancy.resolver.snapshot(tenantId))!
  return runForTenant(tenant, () => SipDevice.findOrFail(id))
}

test.group('API v1: SIP devices', () => {
  test('registering a device shows the password once and stores only its HA1 digests', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    const response = await client.post('/api/v1/device/register').header('host', host).bearerToken(token).json({ name: 'My Pixel', kind: 'android' })
    response.assertStatus(201)
    const { device, sip, provisioning } = response.body().data
    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    assert.equal(sip.domain, sipDomainOf(snapshot))
    assert.equal(device.domain, sip.domain)
    assert.deepInclude(device, { name: 'My Pixel', kind: 'android', status: 'active', online: false })
    assert.match(sip.password, /^[A-Za-z0-9]{24}$/)
    assert.match(sip.username, /^[a-z0-9]{12}$/)
    assert.notInclude(sip.username, String(member.id))
    assert.notInclude(sip.username, member.email.split('@')[0])
    assert.deepEqual(sip.proxy, { host: 'sip.localhost', port: 5060, transport: 'udp' })

    const row = await stored(tenant.id, device.id)
    assert.equal(row.ha1, md5(`${sip.username}:${sip.domain}:${sip.password}`))
    assert.equal(row.ha1b, md5(`${sip.username}@${sip.domain}:${sip.domain}:${sip.password}`))
    assert.notInclude(JSON.stringify(row.$attributes), sip.password)

    const payload = JSON.parse(provisioning.payload)
    assert.deepInclude(payload.account, { domain: sip.domain, username: sip.username, password: sip.password })
    assert.deepEqual(payload.proxy, sip.proxy)
    assert.match(provisioning.qrCode, /^data:image\/svg\+xml;base64,/)

    const list = await client.get('/api/v1/devices').header('host', host).bearerToken(token)
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 1)
    assert.notInclude(list.text(), sip.password)
    assert.notInclude(list.text(), row.ha1)
    assert.equal(list.body().data[0].aor, `sip:${sip.username}@${sip.domain}`)
  })

  test('two devices never share a username and a default name comes from the kind', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    const a = await client.post('/api/v1/device/register').header('host', host).bearerToken(token).json({ kind: 'desk_phone' })
    const b = await client.post('/api/v1/device/register').header('host', host).bearerToken(token).json({ kind: 'ios' })
    assert.equal(a.body().data.device.name, 'Desk phone')
    assert.equal(b.body().data.device.name, 'iPhone')
    assert.notEqual(a.body().data.sip.username, b.body().data.sip.username)
    assert.notEqual(a.body().data.sip.password, b.body().data.sip.password)
  })

  test('online status comes from live registrations only', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    const id = (await client.post('/api/v1/device/register').header('host', host).bearerToken(token).json({ kind: 'web' })).body().data.device.id
    await runForTenant(tenant, () =>
      SipRegistration.create({ deviceId: id, contact: 'sip:old@192.0.2.1:5060', expiresAt: DateTime.now().minus({ minutes: 1 }) })
    )
    assert.isFalse((await client.get('/api/v1/devices').header('host', host).bearerToken(token)).body().data[0].online)
    await runForTenant(tenant, () =>
      SipRegistration.create({ deviceId: id, contact: 'sip:new@192.0.2.1:5060', expiresAt: DateTime.now().plus({ minutes: 5 }) })
    )
    assert.isTrue((await client.get('/api/v1/devices').header('host', host).bearerToken(token)).body().data[0].online)
  })

  test('disable, enable, reset the password and remove', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    const first = (await client.post('/api/v1/device/register').header('host', host).bearerToken(token).json({ kind: 'ios' })).body().data
    const id = first.device.id
    await runForTenant(tenant, () =>
      SipRegistration.create({ deviceId: id, contact: 'sip:x@192.0.2.1:5060', expiresAt: DateTime.now().plus({ minutes: 5 }) })
    )

    const off = await client.put(`/api/v1/device/${id}/status`).header('host', host).bearerToken(token).json({ status: 'disabled' })
    off.assertStatus(200)
    assert.deepInclude(off.body().data, { status: 'disabled', online: false })
    assert.equal((await stored(tenant.id, id)).status, 'disabled')
    const on = await client.put(`/api/v1/device/${id}/status`).header('host', host).bearerToken(token).json({ status: 'active' })
    assert.equal(on.body().data.status, 'active')

    const reset = await client.post(`/api/v1/device/${id}/password`).header('host', host).bearerToken(token)
    reset.assertStatus(200)
    const { sip } = reset.body().data
    assert.equal(sip.username, first.sip.username)
    assert.notEqual(sip.password, first.sip.password)
    assert.equal((await stored(tenant.id, id)).ha1, md5(`${sip.username}:${sip.domain}:${sip.password}`))

    const removed = await client.delete(`/api/v1/device/${id}`).header('host', host).bearerToken(token)
    removed.assertStatus(204)
    const again = await client.delete(`/api/v1/device/${id}`).header('host', host).bearerToken(token)
    again.assertStatus(404)
    assert.equal(again.body().error.code, 'NOT_FOUND')
    assert.lengthOf(await runForTenant(tenant, () => SipRegistration.query().where('device_id', id)), 0)
  })

  test('a user has at most the device limit, with a clear 409', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    const attempts = await Promise.all(
      Array.from({ length: DEVICE_LIMIT + 2 }, () =>
        client.post('/api/v1/device/register').header('host', host).bearerToken(token).json({ kind: 'web' })
      )
    )
    assert.equal(attempts.filter((r) => r.status() === 201).length, DEVICE_LIMIT)
    const refused = attempts.find((r) => r.status() === 409)!
    assert.equal(refused.body().error.code, 'DEVICE_LIMIT_REACHED')
    assert.include(refused.body().error.message, String(DEVICE_LIMIT))
    assert.lengthOf(await runForTenant(tenant, () => SipDevice.query().where('user_id', member.id)), DEVICE_LIMIT)
  })

  test('bad input is a 422 naming the field and creates nothing', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'kind'],
      [{ kind: 'fax' }, 'kind'],
      [{ kind: 'ios', name: 'x'.repeat(65) }, 'name'],
      [{ kind: 'ios', name: 42 }, 'name'],
    ]
    for (const [body, field] of cases) {
      const response = await client.post('/api/v1/device/register').header('host', host).bearerToken(token).json(body)
      response.assertStatus(422)
      assert.equal(response.body().error.fields[0].field, field, JSON.stringify(body))
    }
    assert.lengthOf(await runForTenant(tenant, () => SipDevice.query()), 0)
    const id = (await client.post('/api/v1/device/register').header('host', host).bearerToken(token).json({ kind: 'ios' })).body().data.device.id
    const bad = await client.put(`/api/v1/device/${id}/status`).header('host', host).bearerToken(token).json({ status: 'off' })
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'status')
    assert.equal((await stored(tenant.id, id)).status, 'active')
    const word = await client.delete('/api/v1/device/abc').header('host', host).bearerToken(token)
    word.assertStatus(404)
  })

  test('another user or another brand sees no such device; another brand token is 401', async ({ client, assert }) => {
    const acme = await brand('acme')
    const ann = await userOf('acme', 'ann@acme.test')
    const annToken = await tokenFor(ann)
    const id = (await client.post('/api/v1/device/register').header('host', ACME).bearerToken(annToken).json({ kind: 'android' })).body().data.device.id

    const colleague = await addUser(acme, `colleague-${Date.now()}@acme.test`, 'user')
    const colleagueToken = await tokenFor(colleague)
    const gus = await userOf('globex', 'gus@globex.test')
    const gusToken = await tokenFor(gus)
    for (const [host, token] of [[ACME, colleagueToken], [GLOBEX, gusToken]] as const) {
      const status = await client.put(`/api/v1/device/${id}/status`).header('host', host).bearerToken(token).json({ status: 'disabled' })
      status.assertStatus(404)
      const reset = await client.post(`/api/v1/device/${id}/password`).header('host', host).bearerToken(token)
      reset.assertStatus(404)
      const removed = await client.delete(`/api/v1/device/${id}`).header('host', host).bearerToken(token)
      removed.assertStatus(404)
      const list = await client.get('/api/v1/devices').header('host', host).bearerToken(token)
      assert.notInclude(list.body().data.map((d: any) => d.id), id)
    }
    const crossToken = await client.get('/api/v1/devices').header('host', ACME).bearerToken(gusToken)
    crossToken.assertStatus(401)
    const crossDelete = await client.delete(`/api/v1/device/${id}`).header('host', ACME).bearerToken(gusToken)
    crossDelete.assertStatus(401)
    const device = await stored(acme.id, id)
    assert.equal(device.status, 'active')
    await runForTenant(acme, () => device.delete())
  })

  test('the sip_devices and voice features gate the API', async ({ client, assert }) => {
    for (const feature of ['sip_devices', 'voice']) {
      const { host, member } = await throwawayBrand({ features: { [feature]: false } })
      const response = await client.post('/api/v1/device/register').header('host', host).bearerToken(await tokenFor(member)).json({ kind: 'ios' })
      response.assertStatus(403)
      assert.equal(response.body().error.code, 'FEATURE_DISABLED')
    }
    const anonymous = await client.get('/api/v1/devices').header('host', ACME)
    anonymous.assertStatus(401)
  })
})
