import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import { throwawayBrand } from './admin_helpers.js'

/** The price list form as the browser posts it: decimal amounts, every row (blank ones too) by position. */
function pricingForm(fields: Record<string, string> = {}) {
  const blank: Record<string, string> = {}
  for (let index = 0; index < 5; index++) {
    for (const name of ['country', 'type', 'setupMicros', 'monthlyMicros']) blank[`pricing.numbers.${index}.${name}`] = ''
    for (const name of ['prefix', 'description', 'perMinuteMicros']) blank[`pricing.voice.${index}.${name}`] = ''
  }
  return {
    ...blank,
    'pricing.currency': 'usd',
    'pricing.markupBasisPoints': '3000',
    'pricing.numbers.0.country': 'US',
    'pricing.numbers.0.type': 'local',
    'pricing.numbers.0.setupMicros': '0',
    'pricing.numbers.0.monthlyMicros': '1.50',
    'pricing.voice.0.prefix': '1',
    'pricing.voice.0.description': 'US and Canada',
    'pricing.voice.0.perMinuteMicros': '0.015',
    'pricing.messaging.smsPerSegmentMicros': '0.0075',
    'pricing.messaging.mmsPerMessageMicros': '0.02',
    ...fields,
  }
}

test.group('Admin: pricing editor', () => {
  test('the editor shows amounts as decimals, with blank rows to add more', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('Price Voice')
    const response = await client.get('/admin/pricing').header('host', host).withGuard('web').loginAs(people.owner)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'name="pricing.numbers.0.monthlyMicros" value="2.00"')
    assert.include(html, 'name="pricing.voice.0.perMinuteMicros" value="0.015"')
    assert.include(html, 'name="pricing.messaging.smsPerSegmentMicros" type="text" value="0.01"')
    assert.include(html, 'name="pricing.numbers.4.country" value=""')
    assert.include(html, 'name="pricing.voice.4.prefix" value=""')
  })

  test('decimal amounts are stored as exact micro-units; blank and removed rows are dropped', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Price Voice')
    const response = await client
      .put('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(pricingForm({
        'pricing.numbers.2.country': 'gb',
        'pricing.numbers.2.type': 'mobile',
        'pricing.numbers.2.setupMicros': '0.29',
        'pricing.numbers.2.monthlyMicros': '3.000001',
        'pricing.voice.1.prefix': '44',
        'pricing.voice.1.description': 'United Kingdom',
        'pricing.voice.1.perMinuteMicros': '0.03',
        'pricing.voice.1.remove': '1',
      }))
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Saved. Version 2 is live.')

    const { pricing } = (await tenancy.configs.current(tenant)).document
    assert.equal(pricing.currency, 'USD')
    assert.equal(pricing.markupBasisPoints, 3000)
    assert.deepEqual(pricing.numbers, [
      { country: 'US', type: 'local', setupMicros: 0, monthlyMicros: 1_500_000 },
      { country: 'GB', type: 'mobile', setupMicros: 290_000, monthlyMicros: 3_000_001 },
    ])
    assert.deepEqual(pricing.voice, [{ prefix: '1', description: 'US and Canada', perMinuteMicros: 15_000 }])
    assert.deepEqual(pricing.messaging, { smsPerSegmentMicros: 7_500, mmsPerMessageMicros: 20_000 })
  })

  test('a bad amount is refused under its own row, and nothing is saved', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Price Voice')
    const before = await tenancy.configs.current(tenant)
    const response = await client
      .put('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(pricingForm({
        'pricing.numbers.3.country': 'DE',
        'pricing.numbers.3.type': 'local',
        'pricing.numbers.3.setupMicros': '1.0000001',
        'pricing.numbers.3.monthlyMicros': '2',
        'pricing.voice.0.prefix': '+1',
      }))
      .redirects(0)
    response.assertStatus(302)
    const errors = response.flashMessage('inputErrorsBag')
    assert.deepEqual(Object.keys(errors), ['pricing.numbers.3.setupMicros'])
    assert.equal((await tenancy.configs.current(tenant)).version, before.version)

    const form = await client
      .get('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withFlashMessages(response.flashMessages())
    assert.include(form.text(), 'name="pricing.numbers.3.setupMicros" value="1.0000001"')
    assert.match(form.text(), /data-error-for="pricing.numbers.3.setupMicros">Enter an amount/)
  })

  test('schema errors on a renumbered row still point at the row the admin typed in', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('Price Voice')
    const response = await client
      .put('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(pricingForm({
        'pricing.voice.2.prefix': '+44',
        'pricing.voice.2.description': 'United Kingdom',
        'pricing.voice.2.perMinuteMicros': '0.03',
      }))
      .redirects(0)
    assert.deepEqual(Object.keys(response.flashMessage('inputErrorsBag')), ['pricing.voice.2.prefix'])
  })

  test('long rate tables (past the form parser\'s array limit) keep every row in order', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Price Voice')
    const rates: Record<string, string> = {}
    for (let index = 0; index < 30; index++) {
      rates[`pricing.voice.${index}.prefix`] = String(200 + index)
      rates[`pricing.voice.${index}.description`] = `Zone ${index}`
      rates[`pricing.voice.${index}.perMinuteMicros`] = `0.${String(index + 1).padStart(3, '0')}`
    }
    const response = await client
      .put('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(pricingForm(rates))
      .redirects(0)
    response.assertFlashMessage('success', 'Saved. Version 2 is live.')
    const { voice } = (await tenancy.configs.current(tenant)).document.pricing
    assert.lengthOf(voice, 30)
    assert.deepEqual(voice[0], { prefix: '200', description: 'Zone 0', perMinuteMicros: 1_000 })
    assert.deepEqual(voice[29], { prefix: '229', description: 'Zone 29', perMinuteMicros: 30_000 })
  })
})
