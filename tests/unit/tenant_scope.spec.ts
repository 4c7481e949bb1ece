import { test } from '@japa/runner'
import User from '#models/user'
import TenantDomain from '#models/tenant_domain'
import Tenant from '#models/tenant'
import { acrossAllTenants, runForTenant, MissingTenantContextException } from '#tenants/context'

async function demoTenants() {
  return acrossAllTenants('test setup', async () => ({
    acme: await Tenant.findByOrFail('slug', 'acme'),
    globex: await Tenant.findByOrFail('slug', 'globex'),
  }))
}

test.group('Tenant scope fails closed', () => {
  test('find, fetch, paginate, insert, update and delete with no tenant throw', async ({ assert }) => {
    await assert.rejects(() => User.find(1), MissingTenantContextException)
    await assert.rejects(() => User.query().exec(), MissingTenantContextException)
    await assert.rejects(() => User.query().paginate(1, 10), MissingTenantContextException)
    await assert.rejects(() => User.findBy('email', 'ann@acme.test'), MissingTenantContextException)
    await assert.rejects(
      () => User.create({ email: 'x@y.test', password: 'long-enough-pw', role: 'user', status: 'active' }),
      MissingTenantContextException
    )
    const { acme } = await demoTenants()
    const ann = await runForTenant(acme, () => User.findByOrFail('email', 'ann@acme.test'))
    ann.fullName = 'Changed outside any tenant'
    await assert.rejects(() => ann.save(), MissingTenantContextException)
    await assert.rejects(() => ann.delete(), MissingTenantContextException)
  })

  test('bulk query().update() and query().delete() with no tenant throw and change nothing', async ({ assert }) => {
    await assert.rejects(async () => User.query().update({ full_name: 'everyone' }), MissingTenantContextException)
    await assert.rejects(async () => User.query().delete(), MissingTenantContextException)
    await assert.rejects(async () => TenantDomain.query().delete(), MissingTenantContextException)
    const renamed = await acrossAllTenants('check', () => User.query().where('full_name', 'everyone'))
    assert.lengthOf(renamed, 0)
  })

  test('queries see only the tenant in context', async ({ assert }) => {
    const { acme, globex } = await demoTenants()
    const acmeEmails = await runForTenant(acme, async () => (await User.all()).map((u) => u.email))
    assert.includeMembers(acmeEmails, ['admin@acme.test', 'ann@acme.test'])
    assert.notInclude(acmeEmails, 'gus@globex.test')
    const gusFromAcme = await runForTenant(acme, () => User.findBy('email', 'gus@globex.test'))
    assert.isNull(gusFromAcme)
    const gus = await runForTenant(globex, () => User.findByOrFail('email', 'gus@globex.test'))
    assert.isNull(await runForTenant(acme, () => User.find(gus.id)))
  })

  test('an orWhere cannot widen a scoped query past its tenant', async ({ assert }) => {
    const { acme } = await demoTenants()
    const rows = await runForTenant(acme, () =>
      User.query().where('email', 'nobody@nowhere.test').orWhere('email', 'gus@globex.test')
    )
    assert.lengthOf(rows, 0)
    const count = await runForTenant(acme, async () => {
      const page = await User.query().where('id', 0).orWhere('id', '>', 0).paginate(1, 50)
      return { total: page.total, tenants: new Set(page.all().map((u) => u.tenantId)) }
    })
    assert.deepEqual([...count.tenants], [acme.id])
    const acmeCount = await runForTenant(acme, async () => (await User.all()).length)
    assert.equal(count.total, acmeCount)
  })

  test('bulk update in one tenant leaves the other untouched', async ({ assert }) => {
    const { acme, globex } = await demoTenants()
    await runForTenant(acme, () =>
      User.query().where('role', 'nobody').orWhere('email', 'gus@globex.test').update({ full_name: 'Hijacked' })
    )
    const gus = await runForTenant(globex, () => User.findByOrFail('email', 'gus@globex.test'))
    assert.notEqual(gus.fullName, 'Hijacked')
  })

  test('a row cannot be inserted into another tenant', async ({ assert }) => {
    const { acme, globex } = await demoTenants()
    await assert.rejects(() =>
      runForTenant(acme, () =>
        User.create({ tenantId: globex.id, email: 'intruder@x.test', password: 'long-enough-pw', role: 'user', status: 'active' })
      )
    )
  })

  test('acrossAllTenants is the named way round, for platform code', async ({ assert }) => {
    const all = await acrossAllTenants('platform report', () => User.query().whereIn('email', ['ann@acme.test', 'gus@globex.test']))
    assert.lengthOf(all, 2)
  })
})
