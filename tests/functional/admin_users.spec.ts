import { test } from '@japa/runner'
import User from '#models/user'
import { runForTenant } from '#tenants/context'
import { throwawayBrand, userOf } from './admin_helpers.js'

test.group('Admin: users', () => {
  test('search by email and page through the brand\'s own users', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('People Voice')
    await runForTenant(tenant, async () => {
      for (let index = 0; index < 22; index++) {
        await User.create({ email: `customer${index}@example.test`, password: 'brandline-demo', role: 'user', status: 'active' })
      }
    })
    const list = (query: Record<string, string> = {}) =>
      client.get('/admin/users').qs(query).header('host', host).withGuard('web').loginAs(people.owner)

    const first = await list()
    first.assertStatus(200)
    assert.include(first.text(), '26 user(s)')
    assert.include(first.text(), 'Page 1 of 2')
    assert.include(first.text(), 'rel="next"')
    assert.lengthOf(first.text().match(/<tr data-user=/g) ?? [], 20)
    const second = await list({ page: '2' })
    assert.lengthOf(second.text().match(/<tr data-user=/g) ?? [], 6)
    assert.include(second.text(), 'rel="prev"')

    const found = await list({ q: 'customer1' })
    assert.include(found.text(), 'customer1@example.test')
    assert.include(found.text(), 'customer12@example.test')
    assert.notInclude(found.text(), 'customer2@example.test')
    assert.notInclude(found.text(), 'ann@acme.test')
    const none = await list({ q: 'ann@acme.test' })
    assert.include(none.text(), 'Nobody matches.')
    const odd = await list({ q: '%', page: 'abc' })
    odd.assertStatus(200)
  })

  test('suspend and reactivate a user; a suspended user is signed out', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('People Voice')
    const as = (path: string) =>
      client.post(path).header('host', host).withGuard('web').loginAs(people.owner).withCsrfToken().redirects(0)

    const suspended = await as(`/admin/users/${people.user.id}/suspend`)
    suspended.assertStatus(302)
    assert.equal(suspended.flashMessage('success'), `${people.user.email} is suspended.`)
    const status = async () => (await runForTenant(tenant, () => User.findOrFail(people.user.id))).status
    assert.equal(await status(), 'suspended')
    const locked = await client.get('/portal').header('host', host).withGuard('web').loginAs(people.user).redirects(0)
    locked.assertStatus(302)
    locked.assertHeader('location', '/portal/login')

    const page = await client.get('/admin/users').header('host', host).withGuard('web').loginAs(people.owner)
    assert.include(page.text(), `action="/admin/users/${people.user.id}/reactivate"`)

    const reactivated = await as(`/admin/users/${people.user.id}/reactivate`)
    assert.equal(reactivated.flashMessage('success'), `${people.user.email} is active again.`)
    assert.equal(await status(), 'active')
  })

  test('nobody can suspend the owner, and nobody can suspend themselves', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('People Voice')
    const attempts: [User, User][] = [
      [people.admin, people.owner],
      [people.admin, people.admin],
      [people.owner, people.owner],
    ]
    for (const [actor, target] of attempts) {
      const response = await client
        .post(`/admin/users/${target.id}/suspend`)
        .header('host', host)
        .withGuard('web')
        .loginAs(actor)
        .withCsrfToken()
      response.assertStatus(403)
    }
    const statuses = await runForTenant(tenant, () => User.query().whereIn('role', ['owner', 'admin']))
    assert.isTrue(statuses.every((user) => user.status === 'active'))
    const page = await client.get('/admin/users').header('host', host).withGuard('web').loginAs(people.admin)
    assert.notInclude(page.text(), `action="/admin/users/${people.owner.id}/suspend"`)
  })

  test('a user of another brand cannot be found, let alone suspended', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('People Voice')
    const ann = await userOf('acme', 'ann@acme.test')
    const response = await client
      .post(`/admin/users/${ann.id}/suspend`)
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
    response.assertStatus(404)
    assert.equal((await userOf('acme', 'ann@acme.test')).status, 'active')
  })
})
