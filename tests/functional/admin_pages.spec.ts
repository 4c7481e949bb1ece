import { test } from '@japa/runner'
import { brand, throwawayBrand, userOf } from './admin_helpers.js'
import tenancy from '#tenants/main'

const PAGES = ['/admin', '/admin/branding', '/admin/features', '/admin/payments', '/admin/payments/gateways', '/admin/pricing', '/admin/domains', '/admin/users', '/admin/history']

test.group('Admin pages: who may open them', () => {
  test('the owner of Acme sees every admin page, with Acme data and nothing of Globex', async ({ client, assert }) => {
    const owner = await userOf('acme', 'admin@acme.test')
    for (const page of PAGES) {
      const response = await client.get(page).header('host', 'acme.localhost').withGuard('web').loginAs(owner)
      response.assertStatus(200)
      assert.include(response.text(), 'Acme Voice', page)
      assert.notInclude(response.text(), 'Globex', page)
      assert.notInclude(response.text(), 'globex', page)
    }
  })

  test('the overview shows the brand, its config version and counts', async ({ client, assert }) => {
    const owner = await userOf('acme', 'admin@acme.test')
    const { version } = await tenancy.configs.current(await brand('acme'))
    const response = await client.get('/admin').header('host', 'acme.localhost').withGuard('web').loginAs(owner)
    const html = response.text()
    assert.match(html, new RegExp(`data-stat="config-version"><strong>${version}</strong>`))
    assert.match(html, /data-stat="users"><strong>2<\/strong>/)
    assert.match(html, /data-stat="domains"><strong>2<\/strong>/)
  })

  test('the users page lists Acme users only', async ({ client, assert }) => {
    const owner = await userOf('acme', 'admin@acme.test')
    const response = await client.get('/admin/users').header('host', 'acme.localhost').withGuard('web').loginAs(owner)
    assert.include(response.text(), 'ann@acme.test')
    assert.notInclude(response.text(), 'gus@globex.test')
    assert.notInclude(response.text(), 'admin@globex.test')
  })

  test('an end user gets 403 on every admin page', async ({ client }) => {
    const ann = await userOf('acme', 'ann@acme.test')
    for (const page of PAGES) {
      const response = await client.get(page).header('host', 'acme.localhost').withGuard('web').loginAs(ann)
      response.assertStatus(403)
    }
  })

  test('a guest is sent to the login page', async ({ client }) => {
    for (const page of PAGES) {
      const response = await client.get(page).header('host', 'acme.localhost').redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/portal/login')
    }
  })

  test('an Acme admin session is worthless on Globex', async ({ client, assert }) => {
    const owner = await userOf('acme', 'admin@acme.test')
    for (const page of PAGES) {
      const response = await client
        .get(page)
        .header('host', 'globex.localhost')
        .withGuard('web')
        .loginAs(owner)
        .redirects(0)
      assert.include([302, 401], response.status(), page)
      assert.notInclude(response.text(), 'Globex', page)
    }
    const change = await client
      .put('/admin/branding')
      .header('host', 'globex.localhost')
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form({ theme: 'classic', branding: { appName: 'Hijacked' } })
      .redirects(0)
    assert.include([302, 401], change.status())
    const { document } = await tenancy.configs.current(await brand('globex'))
    assert.equal(document.branding.appName, 'Globex Telecom')
  })

  test('admin pages do not exist on the platform host', async ({ client }) => {
    const response = await client.get('/admin').header('host', 'admin.localhost').redirects(0)
    response.assertStatus(404)
  })

  test('support staff may look but every change is refused with 403', async ({ client, assert }) => {
    const { host, tenant, people } = await throwawayBrand('Support Voice')
    const page = await client.get('/admin/branding').header('host', host).withGuard('web').loginAs(people.support)
    page.assertStatus(200)
    assert.include(page.text(), 'data-read-only')

    const changes = {
      'branding': client.put('/admin/branding').form({ theme: 'midnight' }),
      'features': client.put('/admin/features').form({ limits: { numbersPerUser: 1 } }),
      'payments': client.put('/admin/payments/gateways').form({}),
      'pricing': client.put('/admin/pricing').form({}),
      'add domain': client.post('/admin/domains').form({ hostname: 'support.example.com' }),
      'suspend': client.post(`/admin/users/${people.user.id}/suspend`),
      'rollback': client.post('/admin/history/1/rollback'),
    }
    const before = await tenancy.configs.current(tenant)
    for (const [name, request] of Object.entries(changes)) {
      const response = await request.header('host', host).withGuard('web').loginAs(people.support).withCsrfToken()
      assert.equal(response.status(), 403, name)
      assert.include(response.text(), 'Not allowed', name)
    }
    assert.equal((await tenancy.configs.current(tenant)).version, before.version)
  })
})
