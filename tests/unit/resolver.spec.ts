import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import Tenant from '#models/tenant'
import tenancyConfig from '#config/tenancy'
import { acrossAllTenants } from '#tenants/context'
import { RedisTenancyBus } from '#tenants/bus'
import { throwawayBrand } from '#tests/helpers'

test.group('Tenant resolver', () => {
  test('resolves platform subdomains, the platform host and unknown hosts', async ({ assert }) => {
    const acme = await tenancy.resolver.resolve('acme.localhost')
    assert.equal(acme?.kind === 'tenant' && acme.tenant.slug, 'acme')
    const custom = await tenancy.resolver.resolve('voice.acme.test')
    assert.equal(custom?.kind === 'tenant' && custom.tenant.slug, 'acme')
    assert.deepEqual(await tenancy.resolver.resolve('admin.localhost'), { kind: 'platform' })
    assert.isNull(await tenancy.resolver.resolve('nobody.example'))
  })

  test('serves from cache until a change is published on the bus', async ({ assert }) => {
    const { tenant, host } = await throwawayBrand()
    const first = await tenancy.resolver.resolve(host)
    const again = await tenancy.resolver.resolve(host)
    assert.strictEqual(first?.kind === 'tenant' && first.tenant, again?.kind === 'tenant' && again.tenant)

    await tenancy.configs.update(tenant, { branding: { appName: 'Changed Name' } }, 'test')
    const after = await tenancy.resolver.resolve(host)
    assert.equal(after?.kind === 'tenant' && after.tenant.branding.appName, 'Changed Name')
  })

  test('a change published by another process reaches this one through Redis', async ({ assert }) => {
    const { tenant, host } = await throwawayBrand()
    await tenancy.resolver.resolve(host)
    /** Another process changes the row and publishes; this process only hears it over Redis. */
    await acrossAllTenants('simulate another process', () =>
      Tenant.query().where('id', tenant.id).update({ status: 'suspended' })
    )
    const stale = await tenancy.resolver.resolve(host)
    assert.equal(stale?.kind === 'tenant' && stale.tenant.status, 'active')

    await new RedisTenancyBus(tenancyConfig.busChannel).publish({ tenantId: tenant.id, reason: 'tenant' })
    let status: string | false = 'active'
    for (let attempt = 0; attempt < 50 && status === 'active'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      const fresh = await tenancy.resolver.resolve(host)
      status = fresh?.kind === 'tenant' && fresh.tenant.status
    }
    assert.equal(status, 'suspended')
  })
})
