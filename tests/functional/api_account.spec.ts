import { test } from '@japa/runner'
import { ACME, GLOBEX, DEMO_PASSWORD, throwawayBrand } from '#tests/helpers'

test.group('API v1: accounts', () => {
  test('register, log in, read and update the profile, change password, log out', async ({ client, assert }) => {
    const { host } = await throwawayBrand()
    const registered = await client
      .post('/api/v1/auth/register')
      .header('host', host)
      .json({ fullName: 'Rita Reg', email: 'Rita@Example.test', password: 'a-long-password' })
    registered.assertStatus(201)
    assert.equal(registered.body().data.user.email, 'rita@example.test')
    assert.notProperty(registered.body().data.user, 'password')

    const login = await client.post('/api/v1/auth/login').header('host', host).json({ email: 'rita@example.test', password: 'a-long-password' })
    login.assertStatus(200)
    const token = login.body().data.token
    assert.match(token, /^blt_/)

    const profile = await client.get('/api/v1/user/profile').header('host', host).bearerToken(token)
    profile.assertStatus(200)
    assert.equal(profile.body().data.fullName, 'Rita Reg')

    const updated = await client.put('/api/v1/user/profile').header('host', host).bearerToken(token).json({ fullName: 'Rita R.', email: 'rita@example.test' })
    updated.assertStatus(200)
    assert.equal(updated.body().data.fullName, 'Rita R.')

    const wrong = await client.put('/api/v1/user/password').header('host', host).bearerToken(token)
      .json({ currentPassword: 'not-it-at-all', password: 'another-long-one', passwordConfirmation: 'another-long-one' })
    wrong.assertStatus(422)
    assert.equal(wrong.body().error.fields[0].field, 'currentPassword')

    const changed = await client.put('/api/v1/user/password').header('host', host).bearerToken(token)
      .json({ currentPassword: 'a-long-password', password: 'another-long-one', passwordConfirmation: 'another-long-one' })
    changed.assertStatus(200)
    const relogin = await client.post('/api/v1/auth/login').header('host', host).json({ email: 'rita@example.test', password: 'another-long-one' })
    relogin.assertStatus(200)

    const logout = await client.post('/api/v1/auth/logout').header('host', host).bearerToken(token)
    logout.assertStatus(200)
    const after = await client.get('/api/v1/user/profile').header('host', host).bearerToken(token)
    after.assertStatus(401)
    assert.equal(after.body().error.code, 'UNAUTHENTICATED')
  })

  test('the same email can be a customer of two brands, each with its own password', async ({ client }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    for (const [host, password] of [[a.host, 'password-for-a'], [b.host, 'password-for-b']]) {
      const response = await client.post('/api/v1/auth/register').header('host', host).json({ fullName: 'Sam', email: 'sam@both.test', password })
      response.assertStatus(201)
    }
    const cross = await client.post('/api/v1/auth/login').header('host', a.host).json({ email: 'sam@both.test', password: 'password-for-b' })
    cross.assertStatus(401)
    const dup = await client.post('/api/v1/auth/register').header('host', a.host).json({ fullName: 'Sam', email: 'sam@both.test', password: 'password-for-a' })
    dup.assertStatus(409)
    dup.assertBodyContains({ error: { code: 'EMAIL_TAKEN' } })
  })

  test('wrong password is 401 with the envelope, and login is throttled per brand, email and IP', async ({ client, assert }) => {
    const { host } = await throwawayBrand()
    const email = `member@${host.split('.')[0]}.test`
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await client.post('/api/v1/auth/login').header('host', host).json({ email, password: 'wrong-password' })
      response.assertStatus(401)
      assert.equal(response.body().error.code, 'INVALID_CREDENTIALS')
      assert.isString(response.body().error.requestId)
    }
    const blocked = await client.post('/api/v1/auth/login').header('host', host).json({ email, password: DEMO_PASSWORD })
    blocked.assertStatus(429)
    assert.equal(blocked.body().error.code, 'TOO_MANY_REQUESTS')
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    const otherBrand = await client.post('/api/v1/auth/login').header('host', ACME).json({ email: 'ann@acme.test', password: DEMO_PASSWORD })
    otherBrand.assertStatus(200)
  })

  test('a token issued on one brand is worthless on another brand and on the platform host', async ({ client }) => {
    const login = await client.post('/api/v1/auth/login').header('host', ACME).json({ email: 'ann@acme.test', password: DEMO_PASSWORD })
    const token = login.body().data.token
    const onGlobex = await client.get('/api/v1/user/profile').header('host', GLOBEX).bearerToken(token)
    onGlobex.assertStatus(401)
    const onPlatform = await client.get('/api/v1/platform/tenants').header('host', 'admin.localhost').bearerToken(token)
    onPlatform.assertStatus(401)
  })

  test('a suspended user cannot log in and loses existing tokens', async ({ client }) => {
    const { host, owner, member } = await throwawayBrand()
    const ownerLogin = await client.post('/api/v1/auth/login').header('host', host).json({ email: owner.email, password: DEMO_PASSWORD })
    const memberLogin = await client.post('/api/v1/auth/login').header('host', host).json({ email: member.email, password: DEMO_PASSWORD })
    const memberToken = memberLogin.body().data.token
    const suspended = await client.post(`/api/v1/admin/users/${member.id}/suspend`).header('host', host).bearerToken(ownerLogin.body().data.token)
    suspended.assertStatus(200)
    suspended.assertBodyContains({ data: { status: 'suspended' } })
    const again = await client.get('/api/v1/user/profile').header('host', host).bearerToken(memberToken)
    again.assertStatus(401)
    const relogin = await client.post('/api/v1/auth/login').header('host', host).json({ email: member.email, password: DEMO_PASSWORD })
    relogin.assertStatus(403)
    relogin.assertBodyContains({ error: { code: 'ACCOUNT_SUSPENDED' } })
  })
})

test.group('API v1: public brand document', () => {
  test('GET /brand describes the host\'s brand, its tokens and enabled features', async ({ client, assert }) => {
    const acme = await client.get('/api/v1/brand').header('host', ACME)
    acme.assertStatus(200)
    const globex = await client.get('/api/v1/brand').header('host', GLOBEX)
    assert.equal(acme.body().data.appName, 'Acme Voice')
    assert.equal(globex.body().data.appName, 'Globex Telecom')
    assert.equal(acme.body().data.theme, 'classic')
    assert.equal(globex.body().data.theme, 'midnight')
    assert.notEqual(acme.body().data.tokens.colors.primary, globex.body().data.tokens.colors.primary)
    assert.isTrue(acme.body().data.features.sms)
    assert.isFalse(globex.body().data.features.sms)
    assert.notInclude(globex.body().data.enabledFeatures, 'sms')
    assert.notInclude(JSON.stringify(globex.body()), 'Acme')
    assert.notInclude(JSON.stringify(acme.body()), 'sk_test')
  })

  test('a disabled feature answers 403 FEATURE_DISABLED, an enabled one 200', async ({ client }) => {
    const off = await client.get('/api/v1/brand/features/sms').header('host', GLOBEX)
    off.assertStatus(403)
    off.assertBodyContains({ error: { code: 'FEATURE_DISABLED' } })
    const on = await client.get('/api/v1/brand/features/sms').header('host', ACME)
    on.assertStatus(200)
  })
})
