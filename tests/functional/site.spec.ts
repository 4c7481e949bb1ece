import { test } from '@japa/runner'

test.group('Marketing site', () => {
  test('each brand host shows its own brand and nobody else\'s', async ({ client, assert }) => {
    const acme = await client.get('/').header('host', 'acme.localhost')
    acme.assertStatus(200)
    assert.include(acme.text(), 'Acme Voice')
    assert.notInclude(acme.text(), 'Globex')

    const globex = await client.get('/').header('host', 'globex.localhost')
    globex.assertStatus(200)
    assert.include(globex.text(), 'Globex Telecom')
    assert.notInclude(globex.text(), 'Acme')
  })
})

test.group('Marketing site responses', () => {
  test('carry the security headers and set no cookie (the public site needs no session)', async ({ client, assert }) => {
    const page = await client.get('/pricing').header('host', 'globex.localhost')
    page.assertStatus(200)
    assert.include(page.header('content-security-policy'), "default-src 'self'")
    assert.equal(page.header('x-frame-options'), 'SAMEORIGIN')
    assert.equal(page.header('x-content-type-options'), 'nosniff')
    assert.notExists(page.header('set-cookie'))
  })

  test('pricing is the brand\'s own, in its currency, without switched-off services', async ({ client, assert }) => {
    const globex = await client.get('/pricing').header('host', 'globex.localhost')
    assert.include(globex.text(), '€2.00')
    assert.notInclude(globex.text(), 'SMS:')
    const acme = await client.get('/pricing').header('host', 'acme.localhost')
    assert.include(acme.text(), '$2.00')
    assert.include(acme.text(), 'SMS:')
  })

  test('legal pages name the brand\'s legal entity', async ({ client, assert }) => {
    for (const page of ['privacy', 'terms', 'cookies', 'acceptable-use']) {
      const response = await client.get(`/legal/${page}`).header('host', 'globex.localhost')
      response.assertStatus(200)
      assert.include(response.text(), 'Globex Telecom Inc.')
      assert.notInclude(response.text(), 'Acme')
    }
    ;(await client.get('/legal/nonsense').header('host', 'acme.localhost')).assertStatus(404)
  })

  test('the platform name appears only where the brand opts in', async ({ client, assert }) => {
    const acme = await client.get('/').header('host', 'acme.localhost')
    const globex = await client.get('/').header('host', 'globex.localhost')
    assert.include(acme.text(), 'Powered by Brandline')
    assert.notInclude(globex.text(), 'Brandline')
  })
})
