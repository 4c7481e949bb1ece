import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import { decryptSecret, isEncrypted } from '#tenants/config/secrets'
import { brand, eventually, throwawayBrand } from './admin_helpers.js'

const STRIPE_SECRET = 'sk_live_supersecret_9876'
const WEBHOOK_SECRET = 'whsec_topsecret_5555'
const PAYPAL_SECRET = 'paypal-client-secret-4321'

/** The payments form as a browser posts it; secrets left blank unless given. */
function paymentsForm(fields: Record<string, string> = {}) {
  return {
    'payments.gateways.stripe.enabled': '1',
    'payments.gateways.stripe.publishableKey': 'pk_live_visible',
    'payments.gateways.stripe.secretKey': '',
    'payments.gateways.stripe.webhookSecret': '',
    'payments.gateways.paypal.mode': 'sandbox',
    'payments.gateways.paypal.clientId': 'paypal-client-id',
    'payments.gateways.paypal.clientSecret': '',
    ...fields,
  }
}

test.group('Admin: payment gateways', () => {
  test('a saved secret is only ever shown masked', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('Pay Voice', {
      payments: { gateways: { stripe: { enabled: true, publishableKey: 'pk_test_pay', secretKey: 'sk_test_pay_demo_1234' } } },
    })
    const response = await client.get('/admin/payments/gateways').header('host', host).withGuard('web').loginAs(people.owner)
    response.assertStatus(200)
    assert.notInclude(response.text(), 'sk_test_pay_demo_1234')
    assert.include(response.text(), 'placeholder="••••••••1234"')
    assert.include(response.text(), 'value="pk_test_pay"')
  })

  test('the quickstart brand offers the test gateway only, with no keys stored', async ({ assert }) => {
    const stored = (await tenancy.configs.current(await brand('acme'))).document.payments.gateways
    assert.isTrue(stored.fake.enabled)
    assert.isFalse(stored.stripe.enabled)
    assert.isNull(stored.stripe.secretKey)
    assert.isFalse(stored.paypal.enabled)
  })

  test('methods, the PayPal webhook id, the test gateway and recharge limits are saved; webhook URLs are shown', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Pay Voice')
    const response = await client
      .put('/admin/payments/gateways')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(paymentsForm({
        'payments.gateways.stripe.methods.card': '1',
        'payments.gateways.stripe.methods.cashApp': '1',
        'payments.gateways.paypal.webhookId': 'WH-8PT597110X687430LKGECATA',
        'payments.gateways.fake.enabled': '1',
        'payments.recharge.minMicros': '10.00',
        'payments.recharge.maxMicros': '250.50',
        'payments.autoRecharge.enabled': '1',
      }))
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Saved. Version 2 is live.')
    const payments = (await tenancy.configs.current(tenant)).document.payments
    assert.deepEqual(payments.gateways.stripe.methods, { card: true, applePay: false, googlePay: false, cashApp: true })
    assert.equal(payments.gateways.paypal.webhookId, 'WH-8PT597110X687430LKGECATA')
    assert.isTrue(payments.gateways.fake.enabled)
    assert.deepEqual(payments.recharge, { minMicros: 10_000_000, maxMicros: 250_500_000 })

    await eventually(async () => (await tenancy.resolver.snapshot(tenant.id))?.configVersion === 2)
    const page = await client.get('/admin/payments/gateways').header('host', host).withGuard('web').loginAs(people.owner)
    const html = page.text()
    assert.include(html, `<code data-webhook-url="stripe">https://${host}/webhooks/payments/stripe</code>`)
    assert.include(html, `<code data-webhook-url="paypal">https://${host}/webhooks/payments/paypal</code>`)
    assert.include(html, 'value="250.50"')
  })

  test('a smallest recharge above the largest is refused and nothing is saved', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Pay Voice')
    const response = await client
      .put('/admin/payments/gateways')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(paymentsForm({ 'payments.recharge.minMicros': '50.00', 'payments.recharge.maxMicros': '20.00' }))
      .redirects(0)
    response.assertStatus(302)
    assert.deepEqual(Object.keys(response.flashMessage('inputErrorsBag')), ['payments.recharge.maxMicros'])
    assert.equal((await tenancy.configs.current(tenant)).version, 1)
  })

  test('new secrets are stored encrypted and never come back in the page', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Pay Voice')
    const login = () => client.put('/admin/payments/gateways').header('host', host).withGuard('web').loginAs(people.owner).withCsrfToken()
    const response = await login()
      .form(paymentsForm({
        'payments.gateways.stripe.secretKey': STRIPE_SECRET,
        'payments.gateways.stripe.webhookSecret': WEBHOOK_SECRET,
        'payments.gateways.paypal.enabled': '1',
        'payments.gateways.paypal.clientSecret': PAYPAL_SECRET,
      }))
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Saved. Version 2 is live.')

    const stored = (await tenancy.configs.current(tenant)).document.payments.gateways
    assert.isTrue(isEncrypted(stored.stripe.secretKey))
    assert.equal(decryptSecret(stored.stripe.secretKey), STRIPE_SECRET)
    assert.equal(decryptSecret(stored.paypal.clientSecret), PAYPAL_SECRET)
    assert.isTrue(stored.paypal.enabled)

    const page = await client.get('/admin/payments/gateways').header('host', host).withGuard('web').loginAs(people.owner)
    const html = page.text()
    for (const secret of [STRIPE_SECRET, WEBHOOK_SECRET, PAYPAL_SECRET, stored.stripe.secretKey!]) {
      assert.notInclude(html, secret)
    }
    assert.include(html, 'placeholder="••••••••9876"')
    assert.include(html, 'placeholder="••••••••4321"')
    assert.include(html, 'value="pk_live_visible"')
  })

  test('blank or masked secrets keep the stored ones; "remove" clears one', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Pay Voice', {
      payments: { gateways: { stripe: { secretKey: STRIPE_SECRET, webhookSecret: WEBHOOK_SECRET } } },
    })
    const save = (fields: Record<string, string>) =>
      client
        .put('/admin/payments/gateways')
        .header('host', host)
        .withGuard('web')
        .loginAs(people.owner)
        .withCsrfToken()
        .form(paymentsForm(fields))
        .redirects(0)

    await save({ 'payments.gateways.stripe.secretKey': '••••••••9876' })
    let stripe = (await tenancy.configs.current(tenant)).document.payments.gateways.stripe
    assert.equal(decryptSecret(stripe.secretKey), STRIPE_SECRET)
    assert.equal(decryptSecret(stripe.webhookSecret), WEBHOOK_SECRET)
    assert.equal(stripe.publishableKey, 'pk_live_visible')

    await save({ 'clear[]': 'payments.gateways.stripe.webhookSecret' })
    stripe = (await tenancy.configs.current(tenant)).document.payments.gateways.stripe
    assert.equal(decryptSecret(stripe.secretKey), STRIPE_SECRET)
    assert.isNull(stripe.webhookSecret)
  })

  test('a refused form never puts a typed secret into the session', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Pay Voice')
    const before = await tenancy.configs.current(tenant)
    const response = await client
      .put('/admin/payments/gateways')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(paymentsForm({ 'payments.gateways.stripe.secretKey': STRIPE_SECRET, 'payments.gateways.paypal.mode': 'bogus' }))
      .redirects(0)
    response.assertStatus(302)
    assert.deepEqual(Object.keys(response.flashMessage('inputErrorsBag')), ['payments.gateways.paypal.mode'])
    assert.notInclude(JSON.stringify(response.session()), STRIPE_SECRET)
    assert.notInclude(JSON.stringify(response.flashMessages()), STRIPE_SECRET)
    assert.equal(response.flashMessage('payments.gateways.stripe.publishableKey'), 'pk_live_visible')
    assert.equal((await tenancy.configs.current(tenant)).version, before.version)
  })
})
