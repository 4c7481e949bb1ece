import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import type { ApiRequest } from '@japa/api-client'
import tenancy from '#tenants/main'
import { brand, eventually, throwawayBrand, userOf } from './admin_helpers.js'

/** DNS that answers with the given TXT records for one name only. */
function fakeTxt(name: string, values: string[]) {
  tenancy.fakeDns({ resolveTxt: async (asked) => (asked === name ? values.map((value) => [value]) : []) })
}

async function domainOf(slug: string, hostname: string) {
  return (await tenancy.domains.list(await brand(slug))).find((domain) => domain.hostname === hostname)
}

test.group('Admin: domains', (group) => {
  group.each.teardown(() => tenancy.restoreDns())

  test('add a custom domain, prove it through DNS, and it serves the brand', async ({ client, assert, cleanup }) => {
    const hostname = `voice-${randomBytes(3).toString('hex')}.example.com`
    const owner = await userOf('acme', 'admin@acme.test')
    const acme = await brand('acme')
    cleanup(async () => {
      const left = await domainOf('acme', hostname)
      if (left) await tenancy.domains.remove(acme, left)
    })
    const as = (request: ApiRequest) =>
      request.header('host', 'acme.localhost').withGuard('web').loginAs(owner).withCsrfToken().redirects(0)

    const added = await as(client.post('/admin/domains').form({ hostname: hostname.toUpperCase() }))
    added.assertStatus(302)
    added.assertHeader('location', '/admin/domains')
    const domain = (await domainOf('acme', hostname))!
    const { recordName, recordValue } = tenancy.domains.instructions(domain)
    assert.equal(recordName, `_brandline.${hostname}`)
    assert.equal(recordValue, `brandline-verification=${domain.verificationToken}`)

    const page = await client.get('/admin/domains').header('host', 'acme.localhost').withGuard('web').loginAs(owner)
    assert.include(page.text(), `<code data-record-name>${recordName}</code>`)
    assert.include(page.text(), `<code data-record-value>${recordValue}</code>`)
    assert.include(page.text(), `action="/admin/domains/${domain.id}/verify"`)
    ;(await client.get('/').header('host', hostname)).assertStatus(404)

    fakeTxt(recordName, ['some-other-record'])
    const notYet = await as(client.post(`/admin/domains/${domain.id}/verify`))
    assert.match(String(notYet.flashMessage('error')), /No TXT record _brandline\./)
    assert.isNull((await domainOf('acme', hostname))!.verifiedAt)

    fakeTxt(recordName, [recordValue])
    const verified = await as(client.post(`/admin/domains/${domain.id}/verify`))
    assert.equal(verified.flashMessage('success'), `${hostname} is verified and now serves your brand.`)
    const serves = await eventually(async () => {
      const landing = await client.get('/').header('host', hostname)
      return landing.status() === 200 && landing.text().includes('Acme Voice')
    })
    assert.isTrue(serves, `GET / on ${hostname} shows Acme`)

    const globexAdmin = await userOf('globex', 'admin@globex.test')
    const taken = await client
      .post('/admin/domains')
      .header('host', 'globex.localhost')
      .withGuard('web')
      .loginAs(globexAdmin)
      .withCsrfToken()
      .form({ hostname })
    taken.assertStatus(409)
    assert.include(taken.text(), 'This domain is already in use by another brand')
    assert.notInclude(taken.text(), 'Acme')

    const removed = await as(client.delete(`/admin/domains/${domain.id}`))
    removed.assertStatus(302)
    assert.isUndefined(await domainOf('acme', hostname))
    const gone = await eventually(async () => (await client.get('/').header('host', hostname)).status() === 404)
    assert.isTrue(gone, 'a removed domain no longer serves the brand')
  })

  test('a malformed or platform hostname is refused next to the field', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Domain Voice')
    for (const hostname of ['not a domain!', 'localhost', 'x', 'shop.localhost']) {
      const response = await client
        .post('/admin/domains')
        .header('host', host)
        .withGuard('web')
        .loginAs(people.owner)
        .withCsrfToken()
        .form({ hostname })
      response.assertStatus(422)
      assert.include(response.text(), 'data-error-for="hostname"', hostname)
    }
    assert.lengthOf(await tenancy.domains.list(tenant), 1)
  })

  test('a verified domain can become primary; the platform subdomain cannot be removed', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Domain Voice')
    const as = (request: ApiRequest) =>
      request.header('host', host).withGuard('web').loginAs(people.admin).withCsrfToken().redirects(0)
    const hostname = `calls-${randomBytes(3).toString('hex')}.example.org`
    await as(client.post('/admin/domains').form({ hostname }))
    const [platform, custom] = await tenancy.domains.list(tenant)

    const early = await as(client.post(`/admin/domains/${custom.id}/primary`))
    assert.equal(early.flashMessage('error'), `Verify ${hostname} before making it primary.`)

    fakeTxt(`_brandline.${hostname}`, [custom.verificationToken])
    await as(client.post(`/admin/domains/${custom.id}/verify`))
    const primary = await as(client.post(`/admin/domains/${custom.id}/primary`))
    assert.equal(primary.flashMessage('success'), `${hostname} is now your primary domain.`)
    const [afterPlatform, afterCustom] = await tenancy.domains.list(tenant)
    assert.isFalse(afterPlatform.isPrimary)
    assert.isTrue(afterCustom.isPrimary)

    const kept = await as(client.delete(`/admin/domains/${platform.id}`))
    assert.equal(kept.flashMessage('error'), 'The platform subdomain always stays.')
    assert.lengthOf(await tenancy.domains.list(tenant), 2)
  })

  test('another brand\'s domain cannot be touched through this brand\'s admin', async ({ client, assert }) => {
    const { people, host } = await throwawayBrand('Domain Voice')
    const acmeDomains = await tenancy.domains.list(await brand('acme'))
    for (const domain of acmeDomains) {
      for (const action of ['verify', 'primary']) {
        const response = await client
          .post(`/admin/domains/${domain.id}/${action}`)
          .header('host', host)
          .withGuard('web')
          .loginAs(people.owner)
          .withCsrfToken()
        response.assertStatus(404)
      }
      const removal = await client
        .delete(`/admin/domains/${domain.id}`)
        .header('host', host)
        .withGuard('web')
        .loginAs(people.owner)
        .withCsrfToken()
      removal.assertStatus(404)
    }
    assert.lengthOf(await tenancy.domains.list(await brand('acme')), acmeDomains.length)
  })
})
