import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import PlatformUser from '#models/platform_user'
import Tenant from '#models/tenant'
import User from '#models/user'
import { runForTenant } from '#tenants/context'
import { DEMO_OPERATOR, DEMO_PASSWORD } from '#database/seeders/demo_data'

const PLATFORM = 'admin.localhost'
const API = '/api/v1/platform'
const randomSlug = () => `t-${randomBytes(4).toString('hex')}`

async function operatorToken() {
  const operator = await PlatformUser.findByOrFail('email', DEMO_OPERATOR.email)
  return (await PlatformUser.accessTokens.create(operator)).value!.release()
}

async function createTenant(client: ApiClient, token: string, body: Record<string, unknown>) {
  return client.post(`${API}/tenants`).header('host', PLATFORM).bearerToken(token).json(body)
}

async function stats(client: ApiClient, token: string) {
  return (await client.get(`${API}/stats`).header('host', PLATFORM).bearerToken(token)).body().data
}

test.group('Platform API / auth', () => {
  test('an operator logs in on the platform host, uses the token, and logs out', async ({ client, assert }) => {
    const login = await client
      .post(`${API}/auth/login`)
      .header('host', PLATFORM)
      .json({ email: DEMO_OPERATOR.email, password: DEMO_PASSWORD })
    login.assertStatus(200)
    const { token, type, user } = login.body().data
    assert.equal(type, 'bearer')
    assert.match(token, /^blp_/)
    assert.equal(user.email, DEMO_OPERATOR.email)
    assert.notProperty(user, 'password')

    const list = await client.get(`${API}/tenants`).header('host', PLATFORM).bearerToken(token)
    list.assertStatus(200)

    const logout = await client.post(`${API}/auth/logout`).header('host', PLATFORM).bearerToken(token)
    logout.assertStatus(200)
    const after = await client.get(`${API}/tenants`).header('host', PLATFORM).bearerToken(token)
    after.assertStatus(401)
    assert.equal(after.body().error.code, 'UNAUTHENTICATED')
  })

  test('wrong credentials are 401 and repeated failures are throttled', async ({ client, assert }) => {
    const email = `ops-${randomBytes(4).toString('hex')}@brandline.test`
    await PlatformUser.create({ email, password: 'correct-horse-battery', fullName: 'Throwaway' })
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await client.post(`${API}/auth/login`).header('host', PLATFORM).json({ email, password: 'nope' })
      wrong.assertStatus(401)
      assert.equal(wrong.body().error.code, 'INVALID_CREDENTIALS')
    }
    const blocked = await client
      .post(`${API}/auth/login`)
      .header('host', PLATFORM)
      .json({ email, password: 'correct-horse-battery' })
    blocked.assertStatus(429)
    assert.equal(blocked.body().error.code, 'TOO_MANY_REQUESTS')
  })

  test('there is no operator login on a brand host', async ({ client }) => {
    const response = await client
      .post(`${API}/auth/login`)
      .header('host', 'acme.localhost')
      .json({ email: DEMO_OPERATOR.email, password: DEMO_PASSWORD })
    response.assertStatus(404)
  })

  test('no token, or a tenant user\'s token, is 401 on the platform API', async ({ client, assert }) => {
    const anonymous = await client.get(`${API}/tenants`).header('host', PLATFORM)
    anonymous.assertStatus(401)
    assert.equal(anonymous.body().error.code, 'UNAUTHENTICATED')

    const acme = await Tenant.findByOrFail('slug', 'acme')
    const tenantToken = await runForTenant(acme, async () => {
      const owner = await User.findByOrFail('email', 'admin@acme.test')
      return (await User.accessTokens.create(owner)).value!.release()
    })
    const asTenant = await client.get(`${API}/tenants`).header('host', PLATFORM).bearerToken(tenantToken)
    asTenant.assertStatus(401)
    assert.equal(asTenant.body().error.code, 'UNAUTHENTICATED')

    /** The same token still works where it belongs, so the 401 above is about the host. */
    const atHome = await client.get('/api/v1/user/profile').header('host', 'acme.localhost').bearerToken(tenantToken)
    atHome.assertStatus(200)
  })

  test('an operator token is worthless on a brand host', async ({ client, assert }) => {
    const token = await operatorToken()
    const profile = await client.get('/api/v1/user/profile').header('host', 'acme.localhost').bearerToken(token)
    profile.assertStatus(401)
    assert.equal(profile.body().error.code, 'UNAUTHENTICATED')

    const platformRoute = await client.get(`${API}/tenants`).header('host', 'acme.localhost').bearerToken(token)
    platformRoute.assertStatus(404)
  })
})

test.group('Platform API / tenants', () => {
  test('lists tenants with status and domains, paginated', async ({ client, assert }) => {
    const token = await operatorToken()
    const response = await client.get(`${API}/tenants`).header('host', PLATFORM).bearerToken(token)
    response.assertStatus(200)
    const { data, meta } = response.body()
    const acme = data.find((row: any) => row.slug === 'acme')
    const globex = data.find((row: any) => row.slug === 'globex')
    assert.equal(acme.status, 'active')
    assert.includeMembers(acme.domains.map((domain: any) => domain.hostname), ['acme.localhost', 'voice.acme.test'])
    assert.equal(globex.name, 'Globex Telecom')
    assert.notProperty(acme, 'config')
    assert.notInclude(response.text(), 'sk_test_acme')
    assert.isAtLeast(meta.total, 2)

    const paged = await client.get(`${API}/tenants`).qs({ perPage: 1, page: 2 }).header('host', PLATFORM).bearerToken(token)
    paged.assertStatus(200)
    assert.lengthOf(paged.body().data, 1)
    assert.equal(paged.body().meta.currentPage, 2)
    assert.equal(paged.body().meta.perPage, 1)

    const bad = await client.get(`${API}/tenants`).qs({ perPage: 1000 }).header('host', PLATFORM).bearerToken(token)
    bad.assertStatus(422)
  })

  test('creating a tenant makes its subdomain resolve at once and changes the counts', async ({ client, assert }) => {
    const token = await operatorToken()
    const before = await stats(client, token)
    const slug = randomSlug()
    const created = await createTenant(client, token, { slug, name: 'Nimbus Calling', theme: 'midnight' })
    created.assertStatus(201)
    const tenant = created.body().data
    assert.equal(tenant.slug, slug)
    assert.equal(tenant.status, 'active')
    assert.deepEqual(tenant.domains.map((domain: any) => domain.hostname), [`${slug}.localhost`])

    const site = await client.get('/').header('host', `${slug}.localhost`)
    site.assertStatus(200)
    assert.include(site.text(), 'Nimbus Calling')

    const after = await stats(client, token)
    assert.equal(after.tenants, before.tenants + 1)
    assert.equal(after.activeTenants, before.activeTenants + 1)
    assert.equal(after.domains, before.domains + 1)

    const shown = await client.get(`${API}/tenants/${tenant.id}`).header('host', PLATFORM).bearerToken(token)
    shown.assertStatus(200)
    assert.equal(shown.body().data.name, 'Nimbus Calling')
  })

  test('custom domains given at creation resolve at once; a taken one is 409', async ({ client, assert }) => {
    const token = await operatorToken()
    const slug = randomSlug()
    const created = await createTenant(client, token, { slug, name: 'Custom Co', domains: [`Voice.${slug}.example`] })
    created.assertStatus(201)
    assert.include(created.body().data.domains.map((domain: any) => domain.hostname), `voice.${slug}.example`)
    const site = await client.get('/').header('host', `voice.${slug}.example`)
    site.assertStatus(200)
    assert.include(site.text(), 'Custom Co')

    const taken = await createTenant(client, token, { slug: randomSlug(), name: 'Copycat', domains: ['voice.acme.test'] })
    taken.assertStatus(409)
    assert.equal(taken.body().error.code, 'DOMAIN_TAKEN')

    const platformOwned = await createTenant(client, token, { slug: randomSlug(), name: 'Sneaky', domains: ['acme2.localhost'] })
    platformOwned.assertStatus(422)
    assert.equal(platformOwned.body().error.fields[0].field, 'domains.0')
  })

  test('a duplicate slug is 409; an invalid or reserved slug is 422 on slug', async ({ client, assert }) => {
    const token = await operatorToken()
    const duplicate = await createTenant(client, token, { slug: 'acme', name: 'Acme Again' })
    duplicate.assertStatus(409)
    assert.equal(duplicate.body().error.code, 'SLUG_TAKEN')

    for (const slug of ['Not A Slug!', 'x', '-edge-', 'admin', 'under_score']) {
      const invalid = await createTenant(client, token, { slug, name: 'Whatever' })
      invalid.assertStatus(422)
      const body = invalid.body()
      assert.equal(body.error.code, 'VALIDATION_FAILED')
      assert.include(body.error.fields.map((field: any) => field.field), 'slug', `slug "${slug}"`)
    }

    const longName = 'A'.repeat(100)
    const long = await createTenant(client, token, { slug: randomSlug(), name: longName })
    long.assertStatus(201)
    assert.equal(long.body().data.name, longName)

    const noName = await createTenant(client, token, { slug: randomSlug() })
    noName.assertStatus(422)
    assert.include(noName.body().error.fields.map((field: any) => field.field), 'name')
  })

  test('renames and re-parents a tenant, refusing cycles and unknown parents', async ({ client, assert }) => {
    const token = await operatorToken()
    const reseller = (await createTenant(client, token, { slug: randomSlug(), name: 'Reseller' })).body().data
    const child = (await createTenant(client, token, { slug: randomSlug(), name: 'Child', parentId: reseller.id })).body().data
    assert.equal(child.parentId, reseller.id)

    const patch = (id: number, body: Record<string, unknown>) =>
      client.patch(`${API}/tenants/${id}`).header('host', PLATFORM).bearerToken(token).json(body)

    const renamed = await patch(child.id, { name: 'Child Renamed' })
    renamed.assertStatus(200)
    assert.equal(renamed.body().data.name, 'Child Renamed')
    assert.equal(renamed.body().data.parentId, reseller.id)

    const cycle = await patch(reseller.id, { parentId: child.id })
    cycle.assertStatus(422)
    assert.equal(cycle.body().error.fields[0].field, 'parentId')
    const self = await patch(reseller.id, { parentId: reseller.id })
    self.assertStatus(422)
    const unknown = await patch(child.id, { parentId: 99999999 })
    unknown.assertStatus(422)
    assert.equal(unknown.body().error.fields[0].field, 'parentId')

    const detached = await patch(child.id, { parentId: null })
    detached.assertStatus(200)
    assert.isNull(detached.body().data.parentId)
  })

  test('unknown and non-numeric ids are 404 in the envelope', async ({ client, assert }) => {
    const token = await operatorToken()
    for (const path of ['/tenants/99999999', '/tenants/abc', '/tenants/99999999/suspend']) {
      const method = path.endsWith('suspend') ? 'post' : 'get'
      const response = await client[method](`${API}${path}`).header('host', PLATFORM).bearerToken(token)
      response.assertStatus(404)
      assert.equal(response.body().error.code, 'NOT_FOUND')
      assert.property(response.body().error, 'requestId')
    }
  })

  test('suspension takes effect on the brand host at once; reactivation restores it', async ({ client, assert }) => {
    const token = await operatorToken()
    const before = await stats(client, token)
    const slug = randomSlug()
    const tenant = (await createTenant(client, token, { slug, name: 'Pausable Phones' })).body().data
    const host = `${slug}.localhost`
    ;(await client.get('/').header('host', host)).assertStatus(200)

    const suspended = await client.post(`${API}/tenants/${tenant.id}/suspend`).header('host', PLATFORM).bearerToken(token)
    suspended.assertStatus(200)
    assert.equal(suspended.body().data.status, 'suspended')

    const page = await client.get('/').header('host', host)
    page.assertStatus(503)
    assert.include(page.text(), 'Pausable Phones')
    const api = await client.get('/api/v1/brand').header('host', host)
    api.assertStatus(403)
    assert.equal(api.body().error.code, 'TENANT_SUSPENDED')

    const during = await stats(client, token)
    assert.equal(during.suspendedTenants, before.suspendedTenants + 1)
    assert.equal(during.activeTenants, before.activeTenants)

    const reactivated = await client
      .post(`${API}/tenants/${tenant.id}/reactivate`)
      .header('host', PLATFORM)
      .bearerToken(token)
    reactivated.assertStatus(200)
    assert.equal(reactivated.body().data.status, 'active')
    ;(await client.get('/').header('host', host)).assertStatus(200)
    ;(await client.get('/api/v1/brand').header('host', host)).assertStatus(200)
  })
})
