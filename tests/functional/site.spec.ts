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
