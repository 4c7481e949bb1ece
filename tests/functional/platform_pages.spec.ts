import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import type { ApiClient, ApiRequest, ApiResponse } from '@japa/api-client'
import PlatformUser from '#models/platform_user'
import Tenant from '#models/tenant'
import User from '#models/user'
import { runForTenant } from '#tenants/context'
import { DEMO_OPERATOR, DEMO_PASSWORD } from '#database/seeders/demo_data'

const PLATFORM = 'admin.localhost'
const randomSlug = () => `p-${randomBytes(4).toString('hex')}`
let root: PlatformUser

/** Loads the demo operator once per group, before its tests sign in as them. */
const loadOperator = async () => {
  root = await PlatformUser.findByOrFail('email', DEMO_OPERATOR.email)
}

/** A signed-in console request that does not follow redirects, so tests see where they point. */
function asOperator(client: ApiClient, method: 'get' | 'post' | 'put' | 'delete', path: string) {
  const request: ApiRequest = client[method](path as string).header('host', PLATFORM).withGuard('platform_web').loginAs(root)
  return method === 'get' ? request.redirects(0) : request.withCsrfToken().redirects(0)
}

/** The form came back with an error beside `field` (the session's inputErrorsBag, read by @inputError). */
function assertFieldError(response: ApiResponse, field: string) {
  response.assertStatus(302)
  response.assert!.property(response.flashMessages().inputErrorsBag ?? {}, field)
}

/** Creates a throwaway brand through the form and returns its row. */
async function createViaForm(client: ApiClient, name: string) {
  const slug = randomSlug()
  const response = await asOperator(client, 'post', '/tenants').form({ slug, name, theme: 'classic' })
  response.assertStatus(302)
  const tenant = await Tenant.findByOrFail('slug', slug)
  return { tenant, slug, response }
}

test.group('Platform console / sign-in', (group) => {
  group.setup(loadOperator)

  test('an unauthenticated visit redirects to /login, which renders', async ({ client, assert }) => {
    for (const path of ['/', '/tenants', '/tenants/1']) {
      const response = await client.get(path).header('host', PLATFORM).redirects(0)
      response.assertStatus(302)
      assert.equal(response.header('location'), '/login')
    }
    const login = await client.get('/login').header('host', PLATFORM)
    login.assertStatus(200)
    assert.include(login.text(), 'Platform sign-in')
  })

  test('the operator signs in with the form; wrong credentials go back with an error', async ({ client, assert }) => {
    const ok = await client
      .post('/login')
      .header('host', PLATFORM)
      .withCsrfToken()
      .form({ email: DEMO_OPERATOR.email, password: DEMO_PASSWORD })
      .redirects(0)
    ok.assertStatus(302)
    assert.equal(ok.header('location'), '/')
    assert.equal(ok.session().auth_platform_web, root.id)

    const wrong = await client
      .post('/login')
      .header('host', PLATFORM)
      .header('referer', '/login')
      .withCsrfToken()
      .form({ email: DEMO_OPERATOR.email, password: 'not-the-password' })
      .redirects(0)
    wrong.assertStatus(302)
    assert.notProperty(wrong.session(), 'auth_platform_web')
    wrong.assertFlashMessage('error')
  })

  test('repeated failures on the form are throttled', async ({ client, assert }) => {
    const email = `ops-${randomBytes(4).toString('hex')}@brandline.test`
    await PlatformUser.create({ email, password: 'correct-horse-battery', fullName: 'Throwaway' })
    const attempt = (password: string) =>
      client.post('/login').header('host', PLATFORM).withCsrfToken().form({ email, password }).redirects(0)
    for (let index = 0; index < 5; index++) (await attempt('nope')).assertStatus(302)
    const blocked = await attempt('correct-horse-battery')
    blocked.assertStatus(429)
    assert.include(blocked.text(), 'Too many attempts')
    assert.notProperty(blocked.session(), 'auth_platform_web')
  })

  test('the same credentials do nothing on a brand host', async ({ client, assert }) => {
    const response = await client
      .post('/login')
      .header('host', 'acme.localhost')
      .withCsrfToken()
      .form({ email: DEMO_OPERATOR.email, password: DEMO_PASSWORD })
      .redirects(0)
    response.assertStatus(404)
    assert.notProperty(response.session(), 'auth_platform_web')
  })

  test('a tenant session is worthless on the platform host', async ({ client, assert }) => {
    const acme = await Tenant.findByOrFail('slug', 'acme')
    const owner = await runForTenant(acme, () => User.findByOrFail('email', 'admin@acme.test'))
    const response = await client.get('/').header('host', PLATFORM).withGuard('web').loginAs(owner).redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/login')
  })

  test('an operator session is worthless on a brand host', async ({ client, assert }) => {
    const response = await client
      .get('/portal')
      .header('host', 'acme.localhost')
      .withGuard('platform_web')
      .loginAs(root)
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/portal/login')
  })

  test('signing out ends the console session', async ({ client, assert }) => {
    const response = await asOperator(client, 'post', '/logout')
    response.assertStatus(302)
    assert.equal(response.header('location'), '/login')
    assert.notProperty(response.session(), 'auth_platform_web')
  })
})

test.group('Platform console / pages', (group) => {
  group.setup(loadOperator)

  test('the platform host serves the console, never brand routes', async ({ client, assert }) => {
    const { tenant } = await createViaForm(client, 'Freshly Made')
    const overview = await asOperator(client, 'get', '/')
    overview.assertStatus(200)
    assert.include(overview.text(), 'Platform overview')
    assert.include(overview.text(), 'action="/logout"')
    assert.include(overview.text(), `href="/tenants/${tenant.id}">Freshly Made</a>`)
    const total = await Tenant.query().count('* as total').first()
    assert.include(overview.text(), `data-stat="tenants"><strong>${total!.$extras.total}</strong>`)

    ;(await client.get('/pricing').header('host', PLATFORM)).assertStatus(404)
    ;(await asOperator(client, 'get', '/pricing')).assertStatus(404)
    ;(await client.get('/portal/login').header('host', PLATFORM)).assertStatus(404)

    const acme = await client.get('/').header('host', 'acme.localhost')
    acme.assertStatus(200)
    assert.include(acme.text(), 'Acme Voice')
    assert.notInclude(acme.text(), 'Platform overview')
    ;(await client.get('/tenants').header('host', 'acme.localhost')).assertStatus(404)
  })

  test('the tenant list shows both demo brands with status and domains', async ({ client, assert }) => {
    const response = await asOperator(client, 'get', '/tenants')
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'Acme Voice')
    assert.include(html, 'Globex Telecom')
    assert.include(html, 'voice.acme.test')
    assert.include(html, 'globex.localhost')
    assert.include(html, 'active')
    assert.include(html, 'data-form="create-tenant"')
  })

  test('the detail page never shows a tenant secret', async ({ client, assert }) => {
    const acme = await Tenant.findByOrFail('slug', 'acme')
    const response = await asOperator(client, 'get', `/tenants/${acme.id}`)
    response.assertStatus(200)
    assert.include(response.text(), 'Acme Voice')
    assert.include(response.text(), 'voice.acme.test')
    assert.notInclude(response.text(), 'sk_test_acme')
    assert.notInclude(response.text(), 'enc:')
    ;(await asOperator(client, 'get', '/tenants/99999999')).assertStatus(404)
    ;(await asOperator(client, 'get', '/tenants/abc')).assertStatus(404)
  })

  test('creating a tenant with the form makes its host live', async ({ client, assert }) => {
    const { tenant, slug, response } = await createViaForm(client, 'Formed Phones')
    assert.equal(response.header('location'), `/tenants/${tenant.id}`)
    const site = await client.get('/').header('host', `${slug}.localhost`)
    site.assertStatus(200)
    assert.include(site.text(), 'Formed Phones')

    const detail = await asOperator(client, 'get', `/tenants/${tenant.id}`)
    assert.include(detail.text(), `${slug}.localhost`)
  })

  test('form errors come back on their fields: taken, reserved and invalid slugs', async ({ client, assert }) => {
    for (const slug of ['acme', 'admin', 'Bad Slug']) {
      const response = await asOperator(client, 'post', '/tenants')
        .header('referer', '/tenants')
        .form({ slug, name: 'Nope', theme: 'classic' })
      assertFieldError(response, 'slug')
    }
    const message = 'Another brand already uses this slug'
    const shown = await asOperator(client, 'get', '/tenants').withFlashMessages({ inputErrorsBag: { slug: [message] } })
    assert.include(shown.text(), `<p class="field-error" data-error-for="slug">${message}</p>`)
  })

  test('rename and re-parent from the detail page', async ({ client, assert }) => {
    const { tenant: reseller } = await createViaForm(client, 'Top Reseller')
    const { tenant } = await createViaForm(client, 'Sub Brand')
    const response = await asOperator(client, 'put', `/tenants/${tenant.id}`).form({
      name: 'Sub Brand Renamed',
      parentId: reseller.id,
    })
    response.assertStatus(302)
    await tenant.refresh()
    assert.equal(tenant.name, 'Sub Brand Renamed')
    assert.equal(tenant.parentId, reseller.id)

    const cycle = await asOperator(client, 'put', `/tenants/${reseller.id}`)
      .header('referer', `/tenants/${reseller.id}`)
      .form({ name: 'Top Reseller', parentId: tenant.id })
    assertFieldError(cycle, 'parentId')
    const detail = await asOperator(client, 'get', `/tenants/${reseller.id}`)
    assert.include(detail.text(), 'Sub Brand Renamed')
  })

  test('suspend and reactivate buttons take effect on the brand host at once', async ({ client, assert }) => {
    const { tenant, slug } = await createViaForm(client, 'Switchable Voice')
    const host = `${slug}.localhost`

    const suspend = await asOperator(client, 'post', `/tenants/${tenant.id}/suspend`)
    suspend.assertStatus(302)
    const page = await client.get('/').header('host', host)
    page.assertStatus(503)
    assert.include(page.text(), 'Switchable Voice')
    const api = await client.get('/api/v1/anything').header('host', host)
    api.assertStatus(403)
    assert.equal(api.body().error.code, 'TENANT_SUSPENDED')
    const detail = await asOperator(client, 'get', `/tenants/${tenant.id}`)
    assert.include(detail.text(), 'data-form="reactivate"')

    const reactivate = await asOperator(client, 'post', `/tenants/${tenant.id}/reactivate`)
    reactivate.assertStatus(302)
    ;(await client.get('/').header('host', host)).assertStatus(200)
  })

  test('custom domains: add pre-verified, refuse a taken one, remove', async ({ client, assert }) => {
    const { tenant } = await createViaForm(client, 'Domain Brand')
    const hostname = `calls.${randomBytes(4).toString('hex')}.example`

    const added = await asOperator(client, 'post', `/tenants/${tenant.id}/domains`).form({ hostname, verified: 'true' })
    added.assertStatus(302)
    const site = await client.get('/').header('host', hostname)
    site.assertStatus(200)
    assert.include(site.text(), 'Domain Brand')

    const taken = await asOperator(client, 'post', `/tenants/${tenant.id}/domains`)
      .header('referer', `/tenants/${tenant.id}`)
      .form({ hostname: 'voice.acme.test', verified: 'true' })
    assertFieldError(taken, 'hostname')
    const underPlatform = await asOperator(client, 'post', `/tenants/${tenant.id}/domains`)
      .header('referer', `/tenants/${tenant.id}`)
      .form({ hostname: 'other.localhost' })
    assertFieldError(underPlatform, 'hostname')

    const unverified = `pending.${randomBytes(4).toString('hex')}.example`
    await asOperator(client, 'post', `/tenants/${tenant.id}/domains`).form({ hostname: unverified })
    ;(await client.get('/').header('host', unverified)).assertStatus(404)
    const detail = await asOperator(client, 'get', `/tenants/${tenant.id}`)
    assert.include(detail.text(), `_brandline.${unverified}`)

    await tenant.load('domains')
    const domain = tenant.domains.find((row) => row.hostname === hostname)!
    const subdomain = tenant.domains.find((row) => row.kind === 'platform_subdomain')!
    const removed = await asOperator(client, 'delete', `/tenants/${tenant.id}/domains/${domain.id}`)
    removed.assertStatus(302)
    ;(await client.get('/').header('host', hostname)).assertStatus(404)

    const kept = await asOperator(client, 'delete', `/tenants/${tenant.id}/domains/${subdomain.id}`)
    kept.assertFlashMessage('error')
    ;(await client.get('/').header('host', subdomain.hostname)).assertStatus(200)
  })
})
