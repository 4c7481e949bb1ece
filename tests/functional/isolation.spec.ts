import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import TenantDomain from '#models/tenant_domain'
import Invoice from '#models/invoice'
import Payment from '#models/payment'
import PhoneNumber from '#models/phone_number'
import SipDevice from '#models/sip_device'
import Call from '#models/call'
import Voicemail from '#models/voicemail'
import Message from '#models/message'
import MessageBulk from '#models/message_bulk'
import MessageMedia from '#models/message_media'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import type { TenantSnapshot } from '#tenants/snapshot'
import reservations from '#services/numbers/reservation_service'
import { freeNumbers } from '#tests/functional/numbers_helpers'
import tenancy from '#tenants/main'
import { paidFakeRecharge } from '#tests/payments_helpers'
import { runForTenant } from '#tenants/context'
import { ACME, GLOBEX, brand, tokenFor, userOf } from '#tests/helpers'

/** Routes anyone may call on a brand host; every other tenant route is tenant-owned. */
const PUBLIC_ROUTES = /^(site\.|healthz|webhooks\.|messaging\.media\.signed|portal\.(login|signup|password\.(forgot|email|reset|update))|api\.v1\.(auth\.(login|register)|brand\.))/

/** Every tenant-owned route of the brand hosts, read from the router so new routes are covered. */
function tenantOwnedRoutes() {
  const routes = router.toJSON()['root'] ?? []
  return routes
    .filter((route) => route.name && !PUBLIC_ROUTES.test(route.name))
    .flatMap((route) => route.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, pattern: route.pattern, name: route.name! })))
}

const fill = (pattern: string, id: number) =>
  pattern.replace(/:id\b/, String(id)).replace(/:contact\b/, '%2B12125550150').replace(/:[a-z]+/gi, '1')

/** The other brand's resources, by the route segment they sit under. */
async function foreignIds(slug: 'acme' | 'globex') {
  const tenant = await brand(slug)
  const user = await userOf(slug, slug === 'acme' ? 'ann@acme.test' : 'gus@globex.test')
  const own = <T>(work: () => Promise<T>) => runForTenant(tenant, work)
  const domain = await own(() => TenantDomain.query().firstOrFail())
  const invoice = await own(() => Invoice.query().where('user_id', user.id).firstOrFail())
  const payment = (await own(() => Payment.query().where('user_id', user.id).first())) ?? (await paidFakeRecharge(tenant, user.id, '10.00'))
  const number = await own(() => PhoneNumber.query().where('user_id', user.id).firstOrFail())
  const device = await own(() => SipDevice.query().where('user_id', user.id).firstOrFail())
  const call = await own(() => Call.query().where('user_id', user.id).firstOrFail())
  const voicemail = await own(() => Voicemail.query().where('user_id', user.id).firstOrFail())
  const reservation = await reserveOne(tenant.id, user.id, slug === 'acme' ? 'US' : 'DE')
  return {
    users: user.id,
    domains: domain.id,
    invoices: invoice.id,
    payments: payment.id,
    numbers: number.id,
    devices: device.id,
    calls: call.id,
    voicemails: voicemail.id,
    reservations: reservation,
    ...(await messagingRows(tenant, user)),
  }
}

/**
 * A scheduled SMS, an MMS with its media and a bulk send of the user's, written directly: Globex
 * has messaging switched off, so its rows cannot come through the services.
 */
async function messagingRows(tenant: Tenant, user: User) {
  return runForTenant(tenant, async () => {
    const number = await PhoneNumber.query().where('user_id', user.id).firstOrFail()
    const base = {
      userId: user.id,
      phoneNumberId: number.id,
      direction: 'outbound' as const,
      fromNumber: number.e164,
      toNumber: '+12125550150',
      contact: '+12125550150',
      encoding: 'GSM-7',
      segments: 1,
      attempts: 0,
      priceMicros: 0,
      currency: (await tenancy.resolver.snapshot(tenant.id))!.config.pricing.currency,
    }
    const bulk = await MessageBulk.create({ userId: user.id, phoneNumberId: number.id, template: 'Hi', total: 1, status: 'scheduled' })
    const scheduled = await Message.create({ ...base, ref: randomUUID(), kind: 'sms', body: 'Later', mediaCount: 0, status: 'scheduled', bulkId: bulk.id })
    const mms = await Message.create({ ...base, ref: randomUUID(), kind: 'mms', body: 'Look', mediaCount: 1, status: 'queued' })
    const media = await MessageMedia.create({ userId: user.id, messageId: mms.id, storageKey: `tenants/${tenant.id}/mms/${randomUUID()}.png`, contentType: 'image/png', bytes: 1 })
    return { messages: scheduled.id, mms: mms.id, media: media.id, bulks: bulk.id }
  })
}

/** A number reservation held by the other brand's user (the reservation API's :id). */
async function reserveOne(tenantId: number, userId: number, country: string) {
  const snapshot = (await tenancy.resolver.snapshot(tenantId))!
  const [offer] = await freeNumbers({ country, type: 'local' })
  const { reservation } = await reservations.reserve(snapshot, userId, offer.e164)
  return reservation.id
}

/** Whether a messaging route is switched off for the brand (Globex has SMS and MMS off). */
function featureOff(tenant: TenantSnapshot, pattern: string) {
  const features = tenant.config.features
  if (/\/(sms|messages)\b/.test(pattern)) return features.sms === false
  if (/\/mms\b/.test(pattern)) return features.mms === false || features.sms === false
  return false
}

/** Which table a route's `:id` refers to, by the path around it. */
type IdKind = keyof Awaited<ReturnType<typeof foreignIds>>

/** Which table a route's `:id` refers to, by the path around it (first match wins). */
const ID_KINDS: [RegExp, IdKind][] = [
  [/\/domains\/:id/, 'domains'],
  [/\/users\/:id/, 'users'],
  [/\/invoices\/:id/, 'invoices'],
  [/\/payments\/:id|\/wallet\/(stripe|checkout)\/:id/, 'payments'],
  [/\/numbers\/reservations\/:id/, 'reservations'],
  [/\/numbers\/:id/, 'numbers'],
  [/\/devices?\/:id/, 'devices'],
  [/\/calls(\/live)?\/:id|\/dialer\/calls\/:id/, 'calls'],
  [/\/voicemails?\/:id/, 'voicemails'],
  [/\/mms\/media\/:id/, 'media'],
  [/\/mms\/:id/, 'mms'],
  [/\/messages\/bulk\/:id/, 'bulks'],
  [/\/sms(\/scheduled)?\/:id|\/messages\/scheduled\/:id/, 'messages'],
]

const PAIRS = [
  { host: ACME, own: 'acme' as const, other: 'globex' as const, ownAdmin: 'admin@acme.test', otherAdmin: 'admin@globex.test' },
  { host: GLOBEX, own: 'globex' as const, other: 'acme' as const, ownAdmin: 'admin@globex.test', otherAdmin: 'admin@acme.test' },
]

test.group('Isolation between brands', () => {
  test('every tenant-owned route exists in this check', async ({ assert }) => {
    const names = tenantOwnedRoutes().map((r) => r.name)
    assert.includeMembers(names, ['api.v1.user.profile.show', 'api.v1.admin.config.update', 'api.v1.admin.users.show', 'portal.dashboard'])
    assert.isAbove(names.filter((n) => n.startsWith('admin.')).length, 5)
  })

  for (const pair of PAIRS) {
    test(`a ${pair.other} token is 401 on every API route of ${pair.host}`, async ({ client, assert }) => {
      const token = await tokenFor(await userOf(pair.other, pair.otherAdmin))
      for (const route of tenantOwnedRoutes().filter((r) => r.pattern.startsWith('/api/'))) {
        const response = await client.request(fill(route.pattern, 1), route.method as any).header('host', pair.host).bearerToken(token).json({})
        assert.equal(response.status(), 401, `${route.method} ${route.pattern} answered ${response.status()}`)
        assert.equal(response.body().error?.code, 'UNAUTHENTICATED')
      }
    })

    test(`a ${pair.other} session opens no page of ${pair.host}`, async ({ client, assert }) => {
      const ownAdmin = await userOf(pair.own, pair.ownAdmin)
      const control = await client.get('/admin').header('host', pair.host).withGuard('web').loginAs(ownAdmin)
      control.assertStatus(200)
      const otherAdmin = await userOf(pair.other, pair.otherAdmin)
      for (const route of tenantOwnedRoutes().filter((r) => !r.pattern.startsWith('/api/'))) {
        const response = await client
          .request(fill(route.pattern, 1), route.method as any)
          .header('host', pair.host)
          .withGuard('web')
          .loginAs(otherAdmin)
          .withCsrfToken()
          .redirects(0)
        assert.include([302, 401], response.status(), `${route.method} ${route.pattern} answered ${response.status()}`)
        if (response.status() === 302) assert.equal(response.header('location'), '/portal/login')
        assert.notInclude(response.text(), pair.own === 'acme' ? 'Acme Voice' : 'Globex Telecom')
      }
    })

    test(`${pair.own}'s admin gets 404 for every ${pair.other} id, on the API and pages`, async ({ client, assert }) => {
      const ids = await foreignIds(pair.other)
      const admin = await userOf(pair.own, pair.ownAdmin)
      const token = await tokenFor(admin)
      const withIds = tenantOwnedRoutes().filter((r) => r.pattern.includes(':id'))
      assert.isNotEmpty(withIds)
      for (const route of withIds) {
        const kind = ID_KINDS.find(([pattern]) => pattern.test(route.pattern))?.[1] ?? null
        assert.isNotNull(kind, `no foreign id for ${route.pattern}`)
        const url = fill(route.pattern, ids[kind!])
        const request = client.request(url, route.method as any).header('host', pair.host).redirects(0)
        const response = route.pattern.startsWith('/api/')
          ? await request.bearerToken(token).header('Idempotency-Key', `iso-${route.name}-${pair.host}`).json({})
          : await request.withGuard('web').loginAs(admin).withCsrfToken()
        if (response.status() === 403 && featureOff((await tenancy.resolver.snapshot((await brand(pair.own)).id))!, route.pattern)) {
          /** The brand has the feature switched off: the API refuses before any lookup, which reveals nothing either. */
          assert.equal(response.body().error?.code, 'FEATURE_DISABLED')
          continue
        }
        assert.equal(response.status(), 404, `${route.method} ${url} answered ${response.status()}`)
      }
      const gus = await foreignIds(pair.other)
      const still = await runForTenant(await brand(pair.other), () => TenantDomain.find(gus.domains))
      assert.isNotNull(still)
    })
  }
})
