import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import { decryptSecret, isEncrypted } from '#tenants/config/secrets'
import { throwawayBrand, userOf } from './admin_helpers.js'

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
    const owner = await userOf('acme', 'admin@acme.test')
    const response = await client.get('/admin/payments').header('host', 'acme.localhost').withGuard('web').loginAs(owner)
    response.assertStatus(200)
    assert.notInclude(response.text(), 'sk_test_acme_demo_1234')
    assert.include(response.text(), 'placeholder="••••••••1234"')
    assert.include(response.text(), 'value="pk_test_acme"')
  })

  test('new secrets are stored encrypted and never come back in the page', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Pay Voice')
    const login = () => client.put('/admin/payments').header('host', host).withGuard('web').loginAs(people.owner).withCsrfToken()
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

    const page = await client.get('/admin/payments').header('host', host).withGuard('web').loginAs(people.owner)
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
        .put('/admin/payments')
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
      .put('/admin/payments')
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
