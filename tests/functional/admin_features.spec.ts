import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import { FEATURES } from '#tenants/config/defaults'
import { eventually, throwawayBrand } from './admin_helpers.js'

/** Every feature ticked except `off`, as the browser posts the toggles form. */
function featuresForm(off: string[], numbersPerUser = '5') {
  const ticked = FEATURES.filter((name) => !off.includes(name)).map((name) => [`features.${name}`, '1'])
  return { ...Object.fromEntries(ticked), 'limits.numbersPerUser': numbersPerUser }
}

test.group('Admin: feature toggles', () => {
  test('the page has a checkbox for every feature and the number limit', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('Toggle Voice', { features: { mms: false } })
    const response = await client.get('/admin/features').header('host', host).withGuard('web').loginAs(people.owner)
    response.assertStatus(200)
    for (const name of FEATURES) assert.include(response.text(), `name="features.${name}"`)
    assert.match(response.text(), /name="features.sms" value="1" checked>/)
    assert.match(response.text(), /name="features.mms" value="1" >/)
    assert.include(response.text(), '<option value="5" selected>5</option>')
  })

  test('a feature switched off disappears from the brand\'s site', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Toggle Voice')
    ;(await client.get('/features/sms').header('host', host)).assertStatus(200)

    const response = await client
      .put('/admin/features')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(featuresForm(['sms'], '2'))
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/features')

    const saved = await tenancy.configs.current(tenant)
    assert.isFalse(saved.document.features.sms)
    assert.isTrue(saved.document.features.voice)
    assert.equal(saved.document.limits.numbersPerUser, 2)
    const gone = await eventually(async () => (await client.get('/features/sms').header('host', host)).status() === 404)
    assert.isTrue(gone, 'GET /features/sms answers 404')
    const list = await client.get('/features').header('host', host)
    assert.notInclude(list.text(), 'data-feature="sms"')
    assert.include(list.text(), 'data-feature="voice"')
  })

  test('a number limit outside 1-5 is refused and nothing is saved', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Toggle Voice')
    const before = await tenancy.configs.current(tenant)
    const response = await client
      .put('/admin/features')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(featuresForm(['voice'], '9'))
      .redirects(0)
    response.assertStatus(302)
    assert.deepEqual(Object.keys(response.flashMessage('inputErrorsBag')), ['limits.numbersPerUser'])
    const after = await tenancy.configs.current(tenant)
    assert.equal(after.version, before.version)
    assert.isTrue(after.document.features.voice)
  })
})
