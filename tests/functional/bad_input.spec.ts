import { test } from '@japa/runner'
import { ACME, GLOBEX, throwawayBrand, tokenFor } from '#tests/helpers'

test.group('Bad input gets a clear error and changes nothing', () => {
  test('unknown or malformed hosts get a 404 that names no brand', async ({ client, assert }) => {
    for (const host of ['nobody.example', 'a..b', 'acme.localhost.evil', '127.0.0.1', '-x-.localhost']) {
      const page = await client.get('/').header('host', host)
      page.assertStatus(404)
      assert.notInclude(page.text(), 'Acme')
      assert.notInclude(page.text(), 'Globex')
      const api = await client.get('/api/v1/brand').header('host', host)
      api.assertStatus(404)
      assert.equal(api.body().error.code, 'UNKNOWN_HOST')
    }
  })

  test('host case, port and trailing dot do not matter', async ({ client, assert }) => {
    const page = await client.get('/').header('host', 'ACME.Localhost.:3333')
    page.assertStatus(200)
    assert.include(page.text(), 'Acme Voice')
  })

  test('a forged X-Forwarded-Host changes nothing (no proxy is trusted)', async ({ client, assert }) => {
    const page = await client.get('/').header('host', ACME).header('x-forwarded-host', GLOBEX)
    assert.include(page.text(), 'Acme Voice')
    assert.notInclude(page.text(), 'Globex')
    const api = await client.get('/api/v1/brand').header('host', ACME).header('x-forwarded-host', 'admin.localhost')
    assert.equal(api.body().data.appName, 'Acme Voice')
  })

  test('invalid JSON is a 400 in the error envelope', async ({ client, assert }) => {
    const response = await client.post('/api/v1/auth/login').header('host', ACME).header('content-type', 'application/json').json('{"email":' as any)
    response.assertStatus(400)
    assert.equal(response.body().error.code, 'INVALID_JSON')
    assert.isString(response.body().error.requestId)
  })

  test('an oversized body is a 413', async ({ client, assert }) => {
    const response = await client.post('/api/v1/auth/register').header('host', ACME).json({ fullName: 'x'.repeat(2_200_000), email: 'big@acme.test', password: 'long-enough-pw' })
    response.assertStatus(413)
    assert.equal(response.body().error.code, 'PAYLOAD_TOO_LARGE')
  })

  test('validation errors name each field, and nothing is created', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand()
    const response = await client.post('/api/v1/auth/register').header('host', host).json({ email: 'not-an-email', password: 'short' })
    response.assertStatus(422)
    const fields = response.body().error.fields.map((f: any) => f.field)
    assert.includeMembers(fields, ['fullName', 'email', 'password'])
    const users = await client.get('/api/v1/admin/users').header('host', host).bearerToken(await tokenFor(owner))
    assert.equal(users.body().meta.total, 2)
  })

  test('unknown API paths and ids are 404 in the envelope, never 500', async ({ client, assert }) => {
    const { host, owner } = await throwawayBrand()
    const token = await tokenFor(owner)
    for (const path of ['/api/v1/nope', '/api/v1/admin/users/999999', '/api/v1/admin/users/abc', '/api/v1/admin/domains/999999']) {
      const response = await client.get(path).header('host', host).bearerToken(token)
      response.assertStatus(404)
      assert.equal(response.body().error.code, 'NOT_FOUND')
    }
  })

  test('a config patch that is not an object is refused with 422', async ({ client }) => {
    const { host, owner } = await throwawayBrand()
    const response = await client.patch('/api/v1/admin/config').header('host', host).bearerToken(await tokenFor(owner)).json([1, 2, 3] as any)
    response.assertStatus(422)
  })

  test('an unknown page is a themed 404 on a brand host', async ({ client, assert }) => {
    const page = await client.get('/no/such/page').header('host', GLOBEX)
    page.assertStatus(404)
    assert.include(page.text(), 'Globex Telecom')
    const feature = await client.get('/features/teleportation').header('host', ACME)
    feature.assertStatus(404)
  })
})
