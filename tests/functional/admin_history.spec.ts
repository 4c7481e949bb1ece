import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import { eventually, throwawayBrand } from './admin_helpers.js'

test.group('Admin: config history', () => {
  test('versions are listed newest first, and a rollback restores an earlier value', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('History Voice')
    await tenancy.configs.update(tenant, { branding: { appName: 'History Voice Two' } }, people.owner.email)
    await tenancy.configs.update(tenant, { limits: { numbersPerUser: 2 } }, people.admin.email, 'fewer numbers')

    const page = await client.get('/admin/history').header('host', host).withGuard('web').loginAs(people.owner)
    page.assertStatus(200)
    const html = page.text()
    const order = [...html.matchAll(/<tr data-version="(\d+)">/g)].map((match) => Number(match[1]))
    assert.deepEqual(order, [3, 2, 1])
    assert.include(html, people.admin.email)
    assert.include(html, '<em>fewer numbers</em>')
    assert.include(html, '<code class="badge" data-changed-path>branding.appName</code>')
    assert.include(html, '<code class="badge" data-changed-path>limits.numbersPerUser</code>')
    assert.notInclude(html, 'data-rollback="3"', 'the live version has nothing to roll back to')
    assert.include(html, 'action="/admin/history/1/rollback"')

    const rollback = await client
      .post('/admin/history/1/rollback')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .redirects(0)
    rollback.assertStatus(302)
    rollback.assertHeader('location', '/admin/history')
    assert.equal(rollback.flashMessage('success'), 'Version 1 is live again, saved as version 4.')

    const current = await tenancy.configs.current(tenant)
    assert.equal(current.version, 4)
    assert.equal(current.document.branding.appName, 'History Voice')
    assert.equal(current.document.limits.numbersPerUser, 5)
    const [latest] = await tenancy.configs.history(tenant)
    assert.equal(latest.changedBy, people.owner.email)
    assert.equal(latest.note, 'rollback to version 1')
    const restored = await eventually(async () =>
      (await client.get('/').header('host', host)).text().includes('<h1>History Voice</h1>')
    )
    assert.isTrue(restored, 'the site shows the restored name')
  })

  test('rolling back to a version that does not exist is a 404', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('History Voice')
    const response = await client
      .post('/admin/history/99/rollback')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
    response.assertStatus(404)
    assert.equal((await tenancy.configs.current(tenant)).version, 1)
  })
})
