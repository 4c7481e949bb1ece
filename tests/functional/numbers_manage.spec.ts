import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import CallRule from '#models/call_rule'
import PhoneNumber from '#models/phone_number'
import PlatformUser from '#models/platform_user'
import numberProviders from '#telephony/numbers/manager'
import scheduler from '#jobs/scheduler'
import { releaseQuarantinedNumbers } from '#services/numbers/number_sweeper'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { DEMO_OPERATOR } from '#database/seeders/demo_data'
import { ACME, GLOBEX, PLATFORM, addUser, brand, throwawayBrand, tokenFor, userOf } from '#tests/helpers'
import { freeNumbers, giveNumber, SpyProvider } from '#tests/functional/numbers_helpers'

const api = (client: any, method: string, url: string, host: string, token: string) =>
  client.request(url, method).header('host', host).bearerToken(token)

const rowOf = (id: number) => acrossAllTenants('test lookup', () => PhoneNumber.find(id))

test.group('Numbers API: managing your numbers', (group) => {
  group.each.teardown(() => numberProviders.restore())

  test('list, show and capabilities show the user\'s own numbers only', async ({ client, assert }) => {
    const { tenant, host, member, owner } = await throwawayBrand({ features: { mms: false } })
    const number = await giveNumber(tenant, member, { country: 'US', areaCode: '415', capabilities: ['mms'] })
    await giveNumber(tenant, owner)
    const token = await tokenFor(member)
    const list = await api(client, 'GET', '/api/v1/numbers', host, token)
    assert.deepEqual(list.body().data.map((n: any) => n.e164), [number.e164])

    const shown = await api(client, 'GET', `/api/v1/numbers/${number.id}`, host, token)
    shown.assertStatus(200)
    assert.include(shown.body().data, { id: number.id, status: 'active', primary: true, locality: 'San Francisco' })
    assert.equal(shown.body().data.renewsAt, number.renewsAt!.toISO())

    const caps = await api(client, 'GET', `/api/v1/numbers/${number.id}/capabilities`, host, token)
    caps.assertStatus(200)
    assert.deepEqual(caps.body().data.number, { voice: true, sms: true, mms: true })
    assert.deepEqual(caps.body().data.usable, { voice: true, sms: true, mms: false }, 'the brand has MMS off')

    const colleagues = (await runForTenant(tenant, () => PhoneNumber.query().whereNot('user_id', member.id).firstOrFail())).id
    for (const url of [`/api/v1/numbers/${colleagues}`, `/api/v1/numbers/${colleagues}/capabilities`]) {
      ;(await api(client, 'GET', url, host, token)).assertStatus(404)
    }
  })

  test('exactly one number is primary; only an active one can be', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const first = await giveNumber(tenant, member)
    const second = await giveNumber(tenant, member)
    const token = await tokenFor(member)
    const response = await api(client, 'PUT', `/api/v1/numbers/${second.id}/primary`, host, token)
    response.assertStatus(200)
    assert.isTrue(response.body().data.primary)
    const list = (await api(client, 'GET', '/api/v1/numbers', host, token)).body().data
    assert.deepEqual(list.map((n: any) => [n.id, n.primary]), [[second.id, true], [first.id, false]])

    ;(await api(client, 'PUT', `/api/v1/numbers/${first.id}/status`, host, token).json({ status: 'disabled' })).assertStatus(200)
    const refused = await api(client, 'PUT', `/api/v1/numbers/${first.id}/primary`, host, token)
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'NUMBER_NOT_ACTIVE')
    assert.isTrue((await rowOf(second.id))!.isPrimary)
  })

  test('a number is switched off and on; one in grace or with a bad status is refused', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const number = await giveNumber(tenant, member)
    const token = await tokenFor(member)
    const off = await api(client, 'PUT', `/api/v1/numbers/${number.id}/status`, host, token).json({ status: 'disabled' })
    off.assertStatus(200)
    assert.equal(off.body().data.status, 'disabled')
    assert.deepEqual((await api(client, 'GET', `/api/v1/numbers/${number.id}/capabilities`, host, token)).body().data.usable, { voice: false, sms: false, mms: false })
    const on = await api(client, 'PUT', `/api/v1/numbers/${number.id}/status`, host, token).json({ status: 'active' })
    assert.equal(on.body().data.status, 'active')

    const bad = await api(client, 'PUT', `/api/v1/numbers/${number.id}/status`, host, token).json({ status: 'quarantined' })
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'status')

    await runForTenant(tenant, () => PhoneNumber.query().where('id', number.id).update({ status: 'grace' }))
    const locked = await api(client, 'PUT', `/api/v1/numbers/${number.id}/status`, host, token).json({ status: 'disabled' })
    locked.assertStatus(409)
    assert.equal(locked.body().error.code, 'NUMBER_STATUS_LOCKED')
    assert.equal((await rowOf(number.id))!.status, 'grace')
  })

  test('releasing a number quarantines it, drops its rules, promotes the next primary and keeps it off sale', async ({ client, assert }) => {
    const { tenant, host, member, owner } = await throwawayBrand()
    const primary = await giveNumber(tenant, member, { country: 'US', areaCode: '206' })
    const other = await giveNumber(tenant, member)
    await runForTenant(tenant, () => CallRule.create({ userId: member.id, phoneNumberId: primary.id, type: 'forward_always', priority: 1, enabled: true, target: '+14155550100' }))
    const token = await tokenFor(member)

    const response = await api(client, 'DELETE', `/api/v1/numbers/${primary.id}`, host, token)
    response.assertStatus(200)
    assert.equal(response.body().data.status, 'quarantined')
    const days = DateTime.fromISO(response.body().data.quarantinedUntil).diffNow('days').days
    assert.isAbove(days, 29)
    assert.isAtMost(days, 30)

    const row = (await rowOf(primary.id))!
    assert.include({ status: row.status, userId: row.userId, isPrimary: row.isPrimary }, { status: 'quarantined', userId: null, isPrimary: false })
    assert.isNotNull(row.releasedAt)
    assert.lengthOf(await runForTenant(tenant, () => CallRule.query().where('phone_number_id', primary.id)), 0)
    assert.isTrue((await rowOf(other.id))!.isPrimary)

    ;(await api(client, 'GET', `/api/v1/numbers/${primary.id}`, host, token)).assertStatus(404)
    ;(await api(client, 'DELETE', `/api/v1/numbers/${primary.id}`, host, token)).assertStatus(404)
    const search = (await api(client, 'GET', '/api/v1/numbers/search?country=US&areaCode=206&limit=50', host, await tokenFor(owner))).body().data
    assert.notInclude(search.map((o: any) => o.e164), primary.e164)
    const reserve = await api(client, 'POST', '/api/v1/numbers/reservations', host, await tokenFor(owner)).json({ e164: primary.e164 })
    reserve.assertStatus(409)
  })

  test('when quarantine ends the number goes back to its provider and is for sale again', async ({ client, assert }) => {
    const { tenant, host, member, owner } = await throwawayBrand()
    const number = await giveNumber(tenant, member, { country: 'US', areaCode: '512' })
    const token = await tokenFor(member)
    ;(await api(client, 'DELETE', `/api/v1/numbers/${number.id}`, host, token)).assertStatus(200)
    const spy = numberProviders.fake(new SpyProvider()) as SpyProvider

    assert.equal(await releaseQuarantinedNumbers(), 0, 'not before quarantine ends')
    assert.isNotNull(await rowOf(number.id))
    await acrossAllTenants('test', () => PhoneNumber.query().where('id', number.id).update({ quarantined_until: DateTime.now().minus({ minutes: 1 }).toFormat('yyyy-MM-dd HH:mm:ss') }))
    /** The worker runs it as a registered job. */
    await import('#jobs/index')
    assert.includeMembers(scheduler.jobs().map((job) => job.name), ['numbers.reservations.sweep', 'numbers.quarantine.release'])
    assert.isAtLeast(await scheduler.runOnce('numbers.quarantine.release'), 1)
    assert.deepEqual(spy.releases.find((r) => r.e164 === number.e164), { e164: number.e164, providerRef: number.providerRef! })
    assert.isNull(await rowOf(number.id))
    const search = (await api(client, 'GET', '/api/v1/numbers/search?country=US&areaCode=512&limit=50', host, await tokenFor(owner))).body().data
    assert.include(search.map((o: any) => o.e164), number.e164)
  })

  test('another brand\'s number id is a 404 on every :id route; another brand\'s token is a 401', async ({ client, assert }) => {
    const gus = await userOf('globex', 'gus@globex.test')
    const globexNumber = await giveNumber(await brand('globex'), gus, { country: 'DE', type: 'local' })
    const ann = await userOf('acme', 'ann@acme.test')
    const annToken = await tokenFor(ann)
    const adminToken = await tokenFor(await userOf('acme', 'admin@acme.test'))
    const reservation = (await api(client, 'POST', '/api/v1/numbers/reservations', GLOBEX, await tokenFor(gus)).json({ e164: (await freeNumbers({ country: 'DE', type: 'mobile' }))[0].e164 })).body().data

    const routes: [string, string][] = [
      ['GET', `/api/v1/numbers/${globexNumber.id}`],
      ['DELETE', `/api/v1/numbers/${globexNumber.id}`],
      ['PUT', `/api/v1/numbers/${globexNumber.id}/primary`],
      ['PUT', `/api/v1/numbers/${globexNumber.id}/status`],
      ['GET', `/api/v1/numbers/${globexNumber.id}/capabilities`],
      ['DELETE', `/api/v1/numbers/reservations/${reservation.id}`],
    ]
    for (const token of [annToken, adminToken]) {
      for (const [method, url] of routes) {
        const response = await api(client, method, url, ACME, token).json({ status: 'disabled' })
        assert.equal(response.status(), 404, `${method} ${url}`)
      }
    }
    for (const [method, url] of [['PUT', `/portal/numbers/${globexNumber.id}/primary`], ['PUT', `/portal/numbers/${globexNumber.id}/status`], ['DELETE', `/portal/numbers/${globexNumber.id}`]]) {
      const page = await client.request(url, method as any).header('host', ACME).withGuard('web').loginAs(ann).withCsrfToken().form({ status: 'disabled' }).redirects(0)
      assert.equal(page.status(), 404, `${method} ${url}`)
    }
    const still = (await rowOf(globexNumber.id))!
    assert.deepEqual([still.status, still.userId], ['active', gus.id])

    const gusToken = await tokenFor(gus)
    for (const [method, url] of [['GET', '/api/v1/numbers'], ['GET', '/api/v1/numbers/search'], ['POST', '/api/v1/numbers/purchase'], ['GET', '/api/v1/admin/numbers'], ...routes]) {
      const response = await api(client, method, url, ACME, gusToken).json({})
      assert.equal(response.status(), 401, `${method} ${url}`)
    }
  })
})

test.group('Numbers API: inventories for staff and the platform', (group) => {
  group.each.teardown(() => numberProviders.restore())

  test('a brand\'s staff see every number of their brand and who holds it, nothing of another brand', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    const held = await giveNumber(a.tenant, a.member)
    const released = await giveNumber(a.tenant, a.owner)
    const foreign = await giveNumber(b.tenant, b.member)
    ;(await api(client, 'DELETE', `/api/v1/numbers/${released.id}`, a.host, await tokenFor(a.owner))).assertStatus(200)

    const support = await addUser(a.tenant, `support@${a.tenant.slug}.test`, 'support')
    const response = await api(client, 'GET', '/api/v1/admin/numbers', a.host, await tokenFor(support))
    response.assertStatus(200)
    const rows = response.body().data
    assert.sameMembers(rows.map((r: any) => r.e164), [held.e164, released.e164])
    assert.notInclude(rows.map((r: any) => r.e164), foreign.e164)
    const heldRow = rows.find((r: any) => r.e164 === held.e164)
    assert.deepEqual(heldRow.holder, { id: a.member.id, email: a.member.email })
    assert.equal(heldRow.monthlyPrice.micros, 4_000_000)
    assert.equal(heldRow.monthlyCost.micros, 1_200_000)
    assert.isNotNull(heldRow.renewsAt)
    const releasedRow = rows.find((r: any) => r.e164 === released.e164)
    assert.include(releasedRow, { status: 'quarantined', holder: null })
    assert.equal(response.body().meta.total, 2)

    const quarantined = await api(client, 'GET', '/api/v1/admin/numbers?status=quarantined', a.host, await tokenFor(a.owner))
    assert.deepEqual(quarantined.body().data.map((r: any) => r.e164), [released.e164])
    const byEmail = await api(client, 'GET', `/api/v1/admin/numbers?q=${encodeURIComponent(a.member.email)}`, a.host, await tokenFor(a.owner))
    assert.deepEqual(byEmail.body().data.map((r: any) => r.e164), [held.e164])

    const endUser = await api(client, 'GET', '/api/v1/admin/numbers', a.host, await tokenFor(a.member))
    endUser.assertStatus(403)
  })

  test('the platform operator sees every brand\'s numbers with the brand, on the platform host only', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const number = await giveNumber(a.tenant, a.member)
    const operator = await PlatformUser.findByOrFail('email', DEMO_OPERATOR.email)
    const token = (await PlatformUser.accessTokens.create(operator)).value!.release()

    const response = await api(client, 'GET', `/api/v1/platform/numbers?tenant=${a.tenant.id}`, PLATFORM, token)
    response.assertStatus(200)
    assert.deepEqual(response.body().data.map((r: any) => r.e164), [number.e164])
    assert.deepEqual(response.body().data[0].brand, { id: a.tenant.id, slug: a.tenant.slug, name: a.tenant.name })
    assert.equal(response.body().data[0].holder.email, a.member.email)

    const acme = await brand('acme')
    const acmeRows = (await api(client, 'GET', `/api/v1/platform/numbers?tenant=${acme.id}&perPage=100`, PLATFORM, token)).body()
    assert.include(acmeRows.data.map((r: any) => r.e164), '+14155550123')
    assert.isTrue(acmeRows.data.every((r: any) => r.brand.slug === 'acme'))
    const everyBrand = (await api(client, 'GET', '/api/v1/platform/numbers?perPage=100', PLATFORM, token)).body()
    assert.isAtLeast(everyBrand.meta.total, acmeRows.meta.total + 1)

    const page = await client.get('/numbers').header('host', PLATFORM).withGuard('platform_web').loginAs(operator)
    page.assertStatus(200)
    assert.include(page.text(), number.e164)
    assert.include(page.text(), a.tenant.name)
    const acmePage = await client.get(`/numbers?tenant=${acme.id}`).header('host', PLATFORM).withGuard('platform_web').loginAs(operator)
    assert.include(acmePage.text(), 'data-number="+14155550123" data-tenant="acme"')
    assert.notInclude(acmePage.text(), number.e164)

    ;(await api(client, 'GET', '/api/v1/platform/numbers', ACME, token)).assertStatus(404)
    const tenantToken = await tokenFor(a.member)
    ;(await api(client, 'GET', '/api/v1/platform/numbers', PLATFORM, tenantToken)).assertStatus(401)
  })
})
