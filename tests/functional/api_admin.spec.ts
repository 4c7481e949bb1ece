import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import { ACME, addUser, throwawayBrand, tokenFor, userOf } from '#tests/helpers'

test.group('API v1: tenant admin config', (group) => {
  group.each.teardown(() => tenancy.restoreDns())

  test('the config is readable by staff with every secret masked', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand({
      payments: { gateways: { stripe: { enabled: true, secretKey: 'sk_live_supersecret_9876' } } },
    })
    const response = await client.get('/api/v1/admin/config').header('host', host).bearerToken(await tokenFor(owner))
    response.assertStatus(200)
    assert.notInclude(response.text(), 'sk_live_supersecret')
    assert.match(response.body().data.config.payments.gateways.stripe.secretKey, /^•+9876$/)
  })

  test('a valid patch saves a new version and changes the live site at once', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand()
    const token = await tokenFor(owner)
    const before = await client.get('/api/v1/admin/config').header('host', host).bearerToken(token)
    const patched = await client.patch('/api/v1/admin/config').header('host', host).bearerToken(token)
      .json({ branding: { appName: 'Renamed Phone', colors: { primary: '#123456' } }, features: { voicemail: false } })
    patched.assertStatus(200)
    assert.equal(patched.body().data.version, before.body().data.version + 1)
    const page = await client.get('/').header('host', host)
    assert.include(page.text(), 'Renamed Phone')
    assert.include(page.text(), '--bl-primary: #123456')
    const brandDoc = await client.get('/api/v1/brand').header('host', host)
    assert.isFalse(brandDoc.body().data.features.voicemail)
  })

  test('an invalid patch is refused whole with field errors and nothing is saved', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand()
    const token = await tokenFor(owner)
    const before = await client.get('/api/v1/admin/config').header('host', host).bearerToken(token)
    const bad = await client.patch('/api/v1/admin/config').header('host', host).bearerToken(token)
      .json({ branding: { appName: 'Half Saved', colors: { primary: 'reddish' } }, limits: { numbersPerUser: 9 } })
    bad.assertStatus(422)
    const fields = bad.body().error.fields.map((f: any) => f.field)
    assert.includeMembers(fields, ['branding.colors.primary', 'limits.numbersPerUser'])
    const after = await client.get('/api/v1/admin/config').header('host', host).bearerToken(token)
    assert.equal(after.body().data.version, before.body().data.version)
    assert.notEqual(after.body().data.config.branding.appName, 'Half Saved')
    const scalar = await client.patch('/api/v1/admin/config').header('host', host).bearerToken(token).json({ features: 'all of them' })
    scalar.assertStatus(422)
    assert.equal(scalar.body().error.fields[0].field, 'features')
  })

  test('a masked secret sent back keeps the stored secret', async ({ client, assert }) => {
    const { tenant, host, owner } = await throwawayBrand({
      payments: { gateways: { paypal: { enabled: true, clientId: 'cid', clientSecret: 'paypal-secret-abcd' } } },
    })
    const token = await tokenFor(owner)
    const current = await client.get('/api/v1/admin/config').header('host', host).bearerToken(token)
    const masked = current.body().data.config.payments
    await client.patch('/api/v1/admin/config').header('host', host).bearerToken(token).json({ payments: masked }).then((r) => r.assertStatus(200))
    const stored = await tenancy.configs.current(tenant)
    const { decryptSecret } = await import('#tenants/config/secrets')
    assert.equal(decryptSecret(stored.document.payments.gateways.paypal.clientSecret), 'paypal-secret-abcd')
    assert.notInclude(JSON.stringify(stored.document), 'paypal-secret-abcd')
  })

  test('history keeps who changed what, and rollback restores an earlier version', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand()
    const token = await tokenFor(owner)
    await client.patch('/api/v1/admin/config').header('host', host).bearerToken(token).json({ content: { tagline: 'First tagline' } })
    const second = await client.patch('/api/v1/admin/config').header('host', host).bearerToken(token).json({ content: { tagline: 'Second tagline' } })
    const history = await client.get('/api/v1/admin/config/history').header('host', host).bearerToken(token)
    history.assertStatus(200)
    const latest = history.body().data[0]
    assert.equal(latest.version, second.body().data.version)
    assert.equal(latest.changedBy, owner.email)
    assert.deepEqual(latest.changes, ['content.tagline'])
    const rollback = await client.post('/api/v1/admin/config/rollback').header('host', host).bearerToken(token).json({ version: latest.version - 1 })
    rollback.assertStatus(200)
    assert.equal(rollback.body().data.config.content.tagline, 'First tagline')
    const page = await client.get('/').header('host', host)
    assert.include(page.text(), 'First tagline')
    const missing = await client.post('/api/v1/admin/config/rollback').header('host', host).bearerToken(token).json({ version: 999 })
    missing.assertStatus(404)
  })

  test('support staff can read but not change; end users cannot read', async ({ client }) => {
    const { tenant, host, member } = await throwawayBrand()
    const support = await addUser(tenant, `support@${tenant.slug}.test`, 'support')
    const supportToken = await tokenFor(support)
    ;(await client.get('/api/v1/admin/config').header('host', host).bearerToken(supportToken)).assertStatus(200)
    const change = await client.patch('/api/v1/admin/config').header('host', host).bearerToken(supportToken).json({ content: { tagline: 'x' } })
    change.assertStatus(403)
    change.assertBodyContains({ error: { code: 'FORBIDDEN' } })
    const user = await client.get('/api/v1/admin/config').header('host', host).bearerToken(await tokenFor(member))
    user.assertStatus(403)
  })
})

test.group('API v1: tenant admin domains', (group) => {
  group.each.teardown(() => tenancy.restoreDns())

  test('add a custom domain, verify it through DNS, and it resolves', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand()
    const token = await tokenFor(owner)
    const hostname = `${host.split('.')[0]}.example.test`
    const added = await client.post('/api/v1/admin/domains').header('host', host).bearerToken(token).json({ hostname: hostname.toUpperCase() + '.' })
    added.assertStatus(201)
    const { id, verification } = added.body().data
    assert.equal(added.body().data.hostname, hostname)
    assert.equal(verification.recordName, `_brandline.${hostname}`)
    ;(await client.get('/').header('host', hostname)).assertStatus(404)

    tenancy.fakeDns({ resolveTxt: async () => [['some-other-record']] })
    const notYet = await client.post(`/api/v1/admin/domains/${id}/verify`).header('host', host).bearerToken(token)
    notYet.assertStatus(422)
    notYet.assertBodyContains({ error: { code: 'DOMAIN_NOT_VERIFIED' } })

    tenancy.fakeDns({
      resolveTxt: async (name) => (name === verification.recordName ? [[verification.recordValue.slice(0, 20), verification.recordValue.slice(20)]] : []),
    })
    const verified = await client.post(`/api/v1/admin/domains/${id}/verify`).header('host', host).bearerToken(token)
    verified.assertStatus(200)
    assert.isTrue(verified.body().data.verified)
    const page = await client.get('/').header('host', hostname)
    page.assertStatus(200)
    assert.include(page.text(), `Brand ${host.split('.')[0]}`)

    const primary = await client.post(`/api/v1/admin/domains/${id}/primary`).header('host', host).bearerToken(token)
    primary.assertStatus(200)
    const list = await client.get('/api/v1/admin/domains').header('host', host).bearerToken(token)
    assert.deepEqual(list.body().data.filter((d: any) => d.primary).map((d: any) => d.hostname), [hostname])

    const removed = await client.delete(`/api/v1/admin/domains/${id}`).header('host', host).bearerToken(token)
    removed.assertStatus(204)
    ;(await client.get('/').header('host', hostname)).assertStatus(404)
  })

  test('a domain held by another brand is 409; platform hosts and junk are 422', async ({ client }) => {
    const { host, owner } = await throwawayBrand()
    const token = await tokenFor(owner)
    const taken = await client.post('/api/v1/admin/domains').header('host', host).bearerToken(token).json({ hostname: 'voice.acme.test' })
    taken.assertStatus(409)
    taken.assertBodyContains({ error: { code: 'DOMAIN_TAKEN' } })
    for (const hostname of ['globex.localhost', 'admin.localhost', 'not a host', '1.2.3.4']) {
      const bad = await client.post('/api/v1/admin/domains').header('host', host).bearerToken(token).json({ hostname })
      bad.assertStatus(422)
    }
    const platformSub = (await client.get('/api/v1/admin/domains').header('host', host).bearerToken(token)).body().data[0]
    const keep = await client.delete(`/api/v1/admin/domains/${platformSub.id}`).header('host', host).bearerToken(token)
    keep.assertStatus(409)
  })
})

test.group('API v1: tenant admin users', () => {
  test('lists only this brand\'s users, with search and pagination', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand()
    const token = await tokenFor(owner)
    const all = await client.get('/api/v1/admin/users').header('host', host).bearerToken(token)
    all.assertStatus(200)
    assert.equal(all.body().meta.total, 2)
    const found = await client.get('/api/v1/admin/users').qs({ search: 'member' }).header('host', host).bearerToken(token)
    assert.deepEqual(found.body().data.map((u: any) => u.role), ['user'])
    const acme = await client.get('/api/v1/admin/users').header('host', ACME).bearerToken(await tokenFor(await userOf('acme', 'admin@acme.test')))
    assert.notInclude(acme.text(), host)
  })

  test('the owner cannot be suspended, nor can admins suspend themselves', async ({ client }) => {
    const { tenant, host, owner } = await throwawayBrand()
    const admin = await addUser(tenant, `admin@${tenant.slug}.test`, 'admin')
    const adminToken = await tokenFor(admin)
    ;(await client.post(`/api/v1/admin/users/${owner.id}/suspend`).header('host', host).bearerToken(adminToken)).assertStatus(403)
    ;(await client.post(`/api/v1/admin/users/${admin.id}/suspend`).header('host', host).bearerToken(adminToken)).assertStatus(403)
  })
})
