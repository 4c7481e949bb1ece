import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import SipDevice from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import deviceService from '#services/devices/device_service'
import { provisioningPayload, qrSvg, sipSettings } from '#services/devices/provisioning'
import { runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'
import { GLOBEX, throwawayBrand, userOf } from '#tests/helpers'

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

/** The text of the element carrying `data-sip="<name>"`. */
function sipField(html: string, name: string) {
  return new RegExp(`data-sip="${name}">([^<]*)<`).exec(html)?.[1]
}

test.group('Portal: devices page', () => {
  test('adding a device shows its SIP settings and QR code once', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const added = await client
      .post('/portal/devices')
      .header('host', host)
      .withGuard('web')
      .loginAs(member)
      .withCsrfToken()
      .form({ kind: 'desk_phone', name: 'Front desk' })
    added.assertStatus(200)
    assert.equal(added.header('cache-control'), 'no-store')
    const html = added.text()
    const username = sipField(html, 'username')!
    const domain = sipField(html, 'domain')!
    const password = sipField(html, 'password')!
    assert.match(password, /^[A-Za-z0-9]{24}$/)
    assert.equal(sipField(html, 'proxy'), 'sip.localhost:5060')
    assert.include(html, 'shown only this once')

    const device = await runForTenant(tenant, () => SipDevice.findByOrFail('username', username))
    assert.equal(device.ha1, md5(`${username}:${domain}:${password}`))
    assert.equal(device.name, 'Front desk')
    /** The QR code is exactly the provisioning document with these settings. */
    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    const expected = await qrSvg(provisioningPayload(device, sipSettings(device, password), snapshot.branding.appName))
    assert.include(html, expected)

    const list = await client.get('/portal/devices').header('host', host).withGuard('web').loginAs(member)
    list.assertStatus(200)
    assert.include(list.text(), `data-device="${device.id}"`)
    assert.include(list.text(), `${username}@${domain}`)
    assert.notInclude(list.text(), password)
    assert.include(list.text(), 'data-online="false"')
  })

  test('online, disable, enable, reset and remove from the page', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    const { device, settings } = await deviceService.register(snapshot, member, { kind: 'ios' })
    await runForTenant(tenant, () =>
      SipRegistration.create({ deviceId: device.id, contact: 'sip:a@192.0.2.5:5060', expiresAt: DateTime.now().plus({ minutes: 10 }) })
    )
    const page = await client.get('/portal/devices').header('host', host).withGuard('web').loginAs(member)
    assert.include(page.text(), `data-device="${device.id}" data-status="active" data-online="true"`)

    const off = await client
      .put(`/portal/devices/${device.id}/status`)
      .header('host', host)
      .withGuard('web')
      .loginAs(member)
      .withCsrfToken()
      .form({ status: 'disabled' })
      .redirects(0)
    off.assertStatus(302)
    const disabled = await client.get('/portal/devices').header('host', host).withGuard('web').loginAs(member)
    assert.include(disabled.text(), `data-device="${device.id}" data-status="disabled" data-online="false"`)
    await client.put(`/portal/devices/${device.id}/status`).header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ status: 'active' })
    assert.equal((await runForTenant(tenant, () => SipDevice.findOrFail(device.id))).status, 'active')

    const reset = await client.post(`/portal/devices/${device.id}/password`).header('host', host).withGuard('web').loginAs(member).withCsrfToken()
    reset.assertStatus(200)
    const password = sipField(reset.text(), 'password')!
    assert.notEqual(password, settings.password)
    assert.equal((await runForTenant(tenant, () => SipDevice.findOrFail(device.id))).ha1, md5(`${device.username}:${device.sipDomain}:${password}`))

    const removed = await client
      .delete(`/portal/devices/${device.id}`)
      .header('host', host)
      .withGuard('web')
      .loginAs(member)
      .withCsrfToken()
      .redirects(0)
    removed.assertStatus(302)
    assert.isNull(await runForTenant(tenant, () => SipDevice.find(device.id)))
  })

  test('bad input names the field; another user or brand gets a 404; feature off hides the page', async ({ client, assert }) => {
    const { tenant, host, member, owner } = await throwawayBrand()
    const bad = await client
      .post('/portal/devices')
      .header('host', host)
      .withGuard('web')
      .loginAs(member)
      .withCsrfToken()
      .header('referer', `http://${host}/portal/devices`)
      .form({ kind: 'fax' })
      .redirects(0)
    bad.assertStatus(302)
    assert.property(bad.flashMessages().inputErrorsBag ?? bad.flashMessages().errorsBag ?? {}, 'kind')
    assert.lengthOf(await runForTenant(tenant, () => SipDevice.query()), 0)

    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    const { device } = await deviceService.register(snapshot, member, { kind: 'web' })
    const gus = await userOf('globex', 'gus@globex.test')
    for (const [who, onHost] of [[owner, host], [gus, GLOBEX]] as const) {
      const status = await client.put(`/portal/devices/${device.id}/status`).header('host', onHost).withGuard('web').loginAs(who).withCsrfToken().form({ status: 'disabled' })
      status.assertStatus(404)
      const reset = await client.post(`/portal/devices/${device.id}/password`).header('host', onHost).withGuard('web').loginAs(who).withCsrfToken()
      reset.assertStatus(404)
      const removed = await client.delete(`/portal/devices/${device.id}`).header('host', onHost).withGuard('web').loginAs(who).withCsrfToken()
      removed.assertStatus(404)
    }
    assert.equal((await runForTenant(tenant, () => SipDevice.findOrFail(device.id))).status, 'active')

    const gated = await throwawayBrand({ features: { sip_devices: false } })
    const hidden = await client.get('/portal/devices').header('host', gated.host).withGuard('web').loginAs(gated.member)
    hidden.assertStatus(404)
    const guest = await client.get('/portal/devices').header('host', host).redirects(0)
    guest.assertStatus(302)
  })
})
