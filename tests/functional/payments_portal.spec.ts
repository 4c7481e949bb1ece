import { test } from '@japa/runner'
import nock from 'nock'
import { addUser } from '#tests/helpers'
import type { StripeStandIn } from '#tests/stand_ins/stripe_api'
import {
  PAYPAL_API,
  brandWith,
  interceptPaypal,
  moneyOf,
  paymentsOf,
  paypalFixture,
  paypalToken,
  releasePaypal,
  startStripe,
  stopStripe,
} from '#tests/payments_helpers'

let stripe: StripeStandIn

test.group('Payments in the portal', (group) => {
  group.setup(async () => {
    stripe = await startStripe()
    interceptPaypal()
    return async () => {
      await stopStripe(stripe)
      releasePaypal()
    }
  })
  group.each.teardown(() => nock.cleanAll())

  test('with the test gateway: wallet page -> checkout page -> Pay -> the wallet shows the money and the saved card', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const as = (request: any) => request.header('host', host).withGuard('web').loginAs(member)

    const wallet = await as(client.get('/portal/wallet'))
    wallet.assertStatus(200)
    assert.include(wallet.text(), 'data-form="recharge"')
    assert.include(wallet.text(), 'data-gateway-option="fake"')
    assert.notInclude(wallet.text(), 'data-gateway-option="stripe"')

    const started = await as(client.post('/portal/wallet/recharge')).withCsrfToken().form({ amount: '15.00', gateway: 'fake', savePaymentMethod: '1' }).redirects(0)
    started.assertStatus(302)
    const [payment] = await paymentsOf(tenant, member.id)
    assert.equal(started.header('location'), `/portal/wallet/checkout/${payment.id}`)

    const checkout = await as(client.get(`/portal/wallet/checkout/${payment.id}`))
    checkout.assertStatus(200)
    assert.include(checkout.text(), '$15.00')
    assert.include(checkout.text(), 'data-pay')

    const paid = await as(client.post(`/portal/wallet/checkout/${payment.id}`)).withCsrfToken().form({ decision: 'pay' }).redirects(0)
    paid.assertStatus(302)
    assert.equal(paid.header('location'), '/portal/wallet')
    paid.assertFlashMessage('success', 'Payment received: your wallet has been topped up.')
    assert.equal((await moneyOf(tenant, member.id)).balance, 15_000_000)

    const again = await as(client.post(`/portal/wallet/checkout/${payment.id}`)).withCsrfToken().form({ decision: 'pay' }).redirects(0)
    again.assertFlashMessage('error', 'This checkout is already finished.')
    assert.equal((await moneyOf(tenant, member.id)).balance, 15_000_000)

    const after = await as(client.get('/portal/wallet'))
    assert.include(after.text(), '$15.00')
    assert.include(after.text(), 'Test card •••• 4242')
    assert.include(after.text(), 'data-form="auto-recharge"')

    const on = await as(client.put('/portal/wallet/auto-recharge')).withCsrfToken().form({ enabled: '1', threshold: '5.00', autoAmount: '20.00', gateway: 'fake' }).redirects(0)
    on.assertFlashMessage('success', 'Auto-recharge is on.')
    const settings = (await moneyOf(tenant, member.id)).wallet!
    assert.isTrue(settings.autoRechargeEnabled)
    assert.equal(settings.autoRechargeThresholdMicros, 5_000_000)
    assert.equal(settings.autoRechargeAmountMicros, 20_000_000)

    const refused = await as(client.put('/portal/wallet/auto-recharge')).withCsrfToken().form({ enabled: '1', threshold: '5.00', autoAmount: '0.50', gateway: 'fake' }).redirects(0)
    assert.deepEqual(Object.keys(refused.flashMessage('inputErrorsBag')), ['autoAmount'])
    assert.equal((await moneyOf(tenant, member.id)).wallet!.autoRechargeAmountMicros, 20_000_000)
  })

  test('Decline on the test checkout credits nothing and says so', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const as = (request: any) => request.header('host', host).withGuard('web').loginAs(member)
    await as(client.post('/portal/wallet/recharge')).withCsrfToken().form({ amount: '15.00', gateway: 'fake' }).redirects(0)
    const [payment] = await paymentsOf(tenant, member.id)
    const declined = await as(client.post(`/portal/wallet/checkout/${payment.id}`)).withCsrfToken().form({ decision: 'decline' }).redirects(0)
    declined.assertFlashMessage('error', 'The payment was declined. Nothing was charged.')
    const [row] = await paymentsOf(tenant, member.id)
    assert.equal(row.status, 'failed')
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('a bad amount comes back to the form with the field marked and nothing started', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const response = await client.post('/portal/wallet/recharge').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ amount: '-3', gateway: 'fake' }).redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/portal/wallet#recharge')
    assert.deepEqual(Object.keys(response.flashMessage('inputErrorsBag')), ['amount'])
    assert.include(response.flashMessage('error'), 'more than zero')
    assert.lengthOf(await paymentsOf(tenant, member.id), 0)
  })

  test('another customer\'s checkout page is not found, and cannot be paid', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const other = await addUser(tenant, `other-${Date.now()}@portal.test`, 'user')
    await client.post('/portal/wallet/recharge').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ amount: '15.00', gateway: 'fake' }).redirects(0)
    const [payment] = await paymentsOf(tenant, member.id)
    const page = await client.get(`/portal/wallet/checkout/${payment.id}`).header('host', host).withGuard('web').loginAs(other)
    page.assertStatus(404)
    const pay = await client.post(`/portal/wallet/checkout/${payment.id}`).header('host', host).withGuard('web').loginAs(other).withCsrfToken().form({ decision: 'pay' }).redirects(0)
    pay.assertStatus(404)
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('Stripe: the card page mounts stripe.js with the client secret, says what happens offline, and lets Stripe in', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('stripe')
    const started = await client.post('/portal/wallet/recharge').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ amount: '30.00', gateway: 'stripe' }).redirects(0)
    const [payment] = await paymentsOf(tenant, member.id)
    assert.equal(started.header('location'), `/portal/wallet/stripe/${payment.id}`)

    const page = await client.get(`/portal/wallet/stripe/${payment.id}`).header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    const intent = stripe.intents.get(payment.gatewayRef!)
    assert.include(page.text(), `data-client-secret="${intent.client_secret}"`)
    assert.include(page.text(), 'data-publishable-key="pk_test_brandline"')
    assert.include(page.text(), 'src="https://js.stripe.com/v3/"')
    assert.include(page.text(), 'Stripe cannot be reached')
    assert.include(page.header('content-security-policy'), 'script-src \'self\' https://js.stripe.com')

    stripe.confirm(payment.gatewayRef!)
    const back = await client.get(`/portal/wallet/stripe/${payment.id}`).header('host', host).withGuard('web').loginAs(member).redirects(0)
    back.assertFlashMessage('success', 'Payment received: your wallet has been topped up.')
    assert.equal((await moneyOf(tenant, member.id)).balance, 30_000_000)
  })

  test('PayPal: the buyer is sent to approve, comes back, the order is captured and credited once', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('paypal')
    paypalToken().persist()
    const created = paypalFixture('orders_v2_create_order_response')
    created.id = '6PORTALORDER0001'
    created.links[1].href = 'https://www.sandbox.paypal.com/checkoutnow?token=6PORTALORDER0001'
    nock(PAYPAL_API).post('/v2/checkout/orders').reply(201, created)
    const started = await client.post('/portal/wallet/recharge').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ amount: '100.00', gateway: 'paypal' }).redirects(0)
    assert.equal(started.header('location'), 'https://www.sandbox.paypal.com/checkoutnow?token=6PORTALORDER0001')

    const captured = paypalFixture('orders_v2_capture_order_response_completed')
    captured.id = '6PORTALORDER0001'
    const capture = nock(PAYPAL_API).post('/v2/checkout/orders/6PORTALORDER0001/capture').reply(201, captured)
    const back = await client.get('/portal/wallet/paypal/return?token=6PORTALORDER0001&PayerID=QYR5Z8XDVJNXQ').header('host', host).withGuard('web').loginAs(member).redirects(0)
    back.assertFlashMessage('success', 'Payment received: your wallet has been topped up.')
    assert.isTrue(capture.isDone())
    assert.equal((await moneyOf(tenant, member.id)).balance, 100_000_000)

    const reload = await client.get('/portal/wallet/paypal/return?token=6PORTALORDER0001').header('host', host).withGuard('web').loginAs(member).redirects(0)
    reload.assertStatus(302)
    const money = await moneyOf(tenant, member.id)
    assert.equal(money.balance, 100_000_000)
    assert.lengthOf(money.entries, 1)
  })

  test('PayPal: cancelling on PayPal marks the payment failed and charges nothing', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('paypal')
    paypalToken().persist()
    const created = paypalFixture('orders_v2_create_order_response')
    created.id = '6PORTALCANCEL001'
    nock(PAYPAL_API).post('/v2/checkout/orders').reply(201, created)
    await client.post('/portal/wallet/recharge').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ amount: '10.00', gateway: 'paypal' }).redirects(0)
    const cancelled = await client.get('/portal/wallet/paypal/cancel?token=6PORTALCANCEL001').header('host', host).withGuard('web').loginAs(member).redirects(0)
    cancelled.assertFlashMessage('error', 'You cancelled the PayPal payment. Nothing was charged.')
    const [row] = await paymentsOf(tenant, member.id)
    assert.equal(row.status, 'failed')
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })
})
