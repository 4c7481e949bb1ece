import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import nock from 'nock'
import type User from '#models/user'
import { tokenFor } from '#tests/helpers'
import type { StripeStandIn } from '#tests/stand_ins/stripe_api'
import {
  PAYPAL_API,
  STRIPE,
  brandWith,
  eventsOf,
  interceptPaypal,
  moneyOf,
  paymentsOf,
  paypalFixture,
  paypalToken,
  releasePaypal,
  startStripe,
  stopStripe,
  stripeSignature,
} from '#tests/payments_helpers'

let stripe: StripeStandIn
let key = 0

/** Starts a recharge through the API, as a customer's app would. */
async function recharge(client: ApiClient, host: string, user: User, body: Record<string, unknown>) {
  const response = await client
    .post('/api/v1/wallet/recharge')
    .header('host', host)
    .header('Idempotency-Key', `webhook-test-${Date.now()}-${++key}`)
    .bearerToken(await tokenFor(user))
    .json(body)
  response.assertStatus(201)
  return response.body().data.payment as { id: number; clientSecret: string | null; redirectUrl: string | null }
}

function deliver(client: ApiClient, host: string, gateway: string, raw: string, headers: Record<string, string>) {
  return client.post(`/webhooks/payments/${gateway}`).header('host', host).headers(headers).unsafeJson(raw)
}

test.group('Payment webhooks: Stripe', (group) => {
  group.setup(async () => {
    stripe = await startStripe()
    return () => stopStripe(stripe)
  })

  /** A brand, its customer, a $25 Stripe recharge confirmed in the browser, and the signed success event. */
  async function paidStripeRecharge(client: ApiClient, extra: Record<string, any> = {}) {
    const brand = await brandWith('stripe', extra)
    const payment = await recharge(client, brand.host, brand.member, { amount: '25.00', gateway: 'stripe', savePaymentMethod: true })
    const intentId = payment.clientSecret!.split('_secret_')[0]
    stripe.confirm(intentId)
    const raw = JSON.stringify(stripe.event('payment_intent.succeeded', intentId))
    return { ...brand, payment, intentId, raw }
  }

  test('a well-signed payment_intent.succeeded credits the wallet once and keeps the card', async ({ client, assert }) => {
    const { tenant, host, member, payment, raw } = await paidStripeRecharge(client)
    const response = await deliver(client, host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw) })
    response.assertStatus(200)
    assert.equal(response.body().data.outcome, 'credited')

    const money = await moneyOf(tenant, member.id)
    assert.equal(money.balance, 25_000_000)
    assert.lengthOf(money.entries, 1)
    assert.equal(money.entries[0].kind, 'credit')
    assert.equal(money.entries[0].amountMicros, 25_000_000)
    assert.deepEqual([money.entries[0].referenceType, money.entries[0].referenceId], ['payment', String(payment.id)])
    assert.equal(money.wallet!.paymentMethodLabel, 'Visa •••• 4242')
    assert.equal(money.wallet!.autoRechargeGateway, 'stripe')
    const [row] = await paymentsOf(tenant, member.id)
    assert.equal(row.status, 'succeeded')
  })

  test('a replayed event credits nothing', async ({ client, assert }) => {
    const { tenant, host, member, raw } = await paidStripeRecharge(client)
    await deliver(client, host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw) })
    const replay = await deliver(client, host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw) })
    replay.assertStatus(200)
    assert.equal(replay.body().data.outcome, 'duplicate')
    const money = await moneyOf(tenant, member.id)
    assert.equal(money.balance, 25_000_000)
    assert.lengthOf(money.entries, 1)
    assert.lengthOf(await eventsOf(tenant), 1)
  })

  test('another event for a payment already credited (the return page got there first) credits nothing', async ({ client, assert }) => {
    const { tenant, host, member, payment, intentId } = await paidStripeRecharge(client)
    const page = await client.get(`/portal/wallet/stripe/${payment.id}`).header('host', host).withGuard('web').loginAs(member).redirects(0)
    page.assertStatus(302)
    assert.equal((await moneyOf(tenant, member.id)).balance, 25_000_000)
    const raw = JSON.stringify(stripe.event('payment_intent.succeeded', intentId))
    const response = await deliver(client, host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw) })
    assert.equal(response.body().data.outcome, 'already_credited')
    const money = await moneyOf(tenant, member.id)
    assert.equal(money.balance, 25_000_000)
    assert.lengthOf(money.entries, 1)
  })

  test('a tampered body is refused and nothing changes', async ({ client, assert }) => {
    const { tenant, host, member, raw } = await paidStripeRecharge(client)
    const signature = stripeSignature(raw)
    const tampered = raw.replace('"amount_received":2500', '"amount_received":250000')
    assert.notEqual(tampered, raw)
    const response = await deliver(client, host, 'stripe', tampered, { 'stripe-signature': signature })
    response.assertStatus(400)
    assert.equal(response.body().error.code, 'WEBHOOK_SIGNATURE_INVALID')
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
    assert.lengthOf(await eventsOf(tenant), 0)
  })

  test('an event signed more than 300 s ago is refused; one signed 290 s ago is taken', async ({ client, assert }) => {
    const { tenant, host, member, raw } = await paidStripeRecharge(client)
    const now = Math.floor(Date.now() / 1000)
    const stale = await deliver(client, host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw, STRIPE.webhookSecret, now - 301) })
    stale.assertStatus(400)
    assert.equal(stale.body().error.code, 'WEBHOOK_SIGNATURE_INVALID')
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)

    const fresh = await deliver(client, host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw, STRIPE.webhookSecret, now - 290) })
    fresh.assertStatus(200)
    assert.equal((await moneyOf(tenant, member.id)).balance, 25_000_000)
  })

  test('a missing signature is refused', async ({ client, assert }) => {
    const { tenant, host, member, raw } = await paidStripeRecharge(client)
    const response = await deliver(client, host, 'stripe', raw, {})
    response.assertStatus(400)
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('tenant A\'s event cannot credit through tenant B, signed with either brand\'s secret', async ({ client, assert }) => {
    const a = await paidStripeRecharge(client)
    const b = await brandWith('stripe', { payments: { gateways: { stripe: { webhookSecret: 'whsec_brand_b_other_secret' } } } })

    const signedByA = await deliver(client, b.host, 'stripe', a.raw, { 'stripe-signature': stripeSignature(a.raw) })
    signedByA.assertStatus(400)
    assert.equal(signedByA.body().error.code, 'WEBHOOK_SIGNATURE_INVALID')

    const signedByB = await deliver(client, b.host, 'stripe', a.raw, { 'stripe-signature': stripeSignature(a.raw, 'whsec_brand_b_other_secret') })
    signedByB.assertStatus(200)
    assert.equal(signedByB.body().data.outcome, 'no_payment')

    assert.equal((await moneyOf(a.tenant, a.member.id)).balance, 0)
    assert.equal((await moneyOf(b.tenant, b.member.id)).balance, 0)
    const [payment] = await paymentsOf(a.tenant, a.member.id)
    assert.equal(payment.status, 'pending')
  })

  test('an event whose captured amount differs from the payment is not credited', async ({ client, assert }) => {
    const { tenant, host, member, intentId } = await paidStripeRecharge(client)
    const raw = JSON.stringify(stripe.event('payment_intent.succeeded', intentId, { amount_received: 100 }))
    const response = await deliver(client, host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw) })
    response.assertStatus(200)
    assert.equal(response.body().data.outcome, 'mismatch')
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('payment_intent.payment_failed marks the payment failed and credits nothing', async ({ client, assert }) => {
    const brand = await brandWith('stripe')
    const payment = await recharge(client, brand.host, brand.member, { amount: '25.00', gateway: 'stripe' })
    const raw = JSON.stringify(stripe.event('payment_intent.payment_failed', payment.clientSecret!.split('_secret_')[0], { last_payment_error: { message: 'Your card was declined.' } }))
    const response = await deliver(client, brand.host, 'stripe', raw, { 'stripe-signature': stripeSignature(raw) })
    assert.equal(response.body().data.outcome, 'failed')
    const [row] = await paymentsOf(brand.tenant, brand.member.id)
    assert.equal(row.status, 'failed')
    assert.equal(row.failureMessage, 'Your card was declined.')
    assert.equal((await moneyOf(brand.tenant, brand.member.id)).balance, 0)
  })

  test('webhooks exist on brand hosts only, for known gateways', async ({ client }) => {
    const onPlatform = await client.post('/webhooks/payments/stripe').header('host', 'admin.localhost').json({})
    onPlatform.assertStatus(404)
    const { host } = await brandWith('stripe')
    const unknown = await client.post('/webhooks/payments/bitcoin').header('host', host).json({})
    unknown.assertStatus(404)
  })
})

test.group('Payment webhooks: PayPal', (group) => {
  group.setup(() => {
    interceptPaypal()
    return releasePaypal
  })
  group.each.teardown(() => nock.cleanAll())

  /** A brand, its customer and a PayPal recharge whose order PayPal (nock) created. */
  async function paypalRecharge(client: ApiClient, orderId: string) {
    const brand = await brandWith('paypal')
    paypalToken().persist()
    const created = JSON.parse(JSON.stringify(paypalFixture('orders_v2_create_order_response')).replaceAll('5O190127TN364715T', orderId))
    nock(PAYPAL_API).post('/v2/checkout/orders').reply(201, created)
    const payment = await recharge(client, brand.host, brand.member, { amount: '21.12', gateway: 'paypal' })
    return { ...brand, payment }
  }

  /** PayPal's PAYMENT.CAPTURE.COMPLETED sample, for our order and payment. */
  function captureEvent(orderId: string, paymentId: number, value = '21.12') {
    const event = paypalFixture('webhook_event_payment_capture_completed')
    event.id = `WH-${orderId}-${Date.now()}`
    event.resource.supplementary_data.related_ids.order_id = orderId
    event.resource.custom_id = String(paymentId)
    event.resource.amount.value = value
    return JSON.stringify(event)
  }

  function transmission(time = new Date()) {
    return {
      'paypal-transmission-id': '69cd13f0-d67a-11e5-baa3-778b53f4ae55',
      'paypal-transmission-time': time.toISOString(),
      'paypal-transmission-sig': 'lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy/UFzUlnGJn0wDugt7FlSvdKeIJenLRemUxYCPVoEZzg9VFNqOa48gMkvF+XTpxBeUx/kWy6B5cp7GkT2+pOowfRK7OaynuxUoKW3JcMWw272VKjLTtTAShncla7tGF+55rxyt2KNZIIqxNMJ48RDZheGU5w1npu9dZHnPgTXB9iomeVRoD8O/jhRpnKsGrDschyNdkeh81BJJMH4Ctc6lnCCquoP/GzCzz33MMsNdid7vL/NIWaCsekQpW26FpWPi/tfj8nLA==',
      'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-5a29e601',
      'paypal-auth-algo': 'SHA256withRSA',
    }
  }

  /** PayPal's verify-webhook-signature answer, checking that our webhook id and the raw event were sent. */
  function verification(status: 'SUCCESS' | 'FAILURE', raw: string) {
    return nock(PAYPAL_API)
      .post('/v1/notifications/verify-webhook-signature', (body) => body.webhook_id === 'WH-ID-BRANDLINE' && JSON.stringify(body.webhook_event) === JSON.stringify(JSON.parse(raw)))
      .reply(200, { verification_status: status })
  }

  test('a verified PAYMENT.CAPTURE.COMPLETED credits once; its replay credits nothing', async ({ client, assert }) => {
    const { tenant, host, member, payment } = await paypalRecharge(client, '9PAYPALWEBHOOK01')
    const raw = captureEvent('9PAYPALWEBHOOK01', payment.id)
    const verified = verification('SUCCESS', raw)
    const response = await deliver(client, host, 'paypal', raw, transmission())
    response.assertStatus(200)
    assert.equal(response.body().data.outcome, 'credited')
    assert.isTrue(verified.isDone())
    assert.equal((await moneyOf(tenant, member.id)).balance, 21_120_000)

    verification('SUCCESS', raw)
    const replay = await deliver(client, host, 'paypal', raw, transmission())
    assert.equal(replay.body().data.outcome, 'duplicate')
    const money = await moneyOf(tenant, member.id)
    assert.equal(money.balance, 21_120_000)
    assert.lengthOf(money.entries, 1)
  })

  test('PayPal saying the signature is wrong is a refusal', async ({ client, assert }) => {
    const { tenant, host, member, payment } = await paypalRecharge(client, '9PAYPALWEBHOOK02')
    const raw = captureEvent('9PAYPALWEBHOOK02', payment.id)
    verification('FAILURE', raw)
    const response = await deliver(client, host, 'paypal', raw, transmission())
    response.assertStatus(400)
    assert.equal(response.body().error.code, 'WEBHOOK_SIGNATURE_INVALID')
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('a transmission older than 300 s is refused without asking PayPal', async ({ client, assert }) => {
    const { tenant, host, member, payment } = await paypalRecharge(client, '9PAYPALWEBHOOK03')
    const raw = captureEvent('9PAYPALWEBHOOK03', payment.id)
    const verified = verification('SUCCESS', raw)
    const response = await deliver(client, host, 'paypal', raw, transmission(new Date(Date.now() - 301_000)))
    response.assertStatus(400)
    assert.isFalse(verified.isDone())
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('missing transmission headers are refused', async ({ client, assert }) => {
    const { tenant, host, member, payment } = await paypalRecharge(client, '9PAYPALWEBHOOK04')
    const raw = captureEvent('9PAYPALWEBHOOK04', payment.id)
    const { 'paypal-transmission-sig': _sig, ...unsigned } = transmission()
    const response = await deliver(client, host, 'paypal', raw, unsigned)
    response.assertStatus(400)
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('CHECKOUT.ORDER.APPROVED captures the order and credits, for a buyer who never came back', async ({ client, assert }) => {
    const { tenant, host, member, payment } = await paypalRecharge(client, '9PAYPALAPPROVED1')
    const approved = { id: 'WH-APPROVED-1', event_type: 'CHECKOUT.ORDER.APPROVED', create_time: new Date().toISOString(), resource_type: 'checkout-order', resource: { id: '9PAYPALAPPROVED1', status: 'APPROVED', purchase_units: [{ custom_id: String(payment.id), amount: { currency_code: 'USD', value: '21.12' } }] } }
    const raw = JSON.stringify(approved)
    verification('SUCCESS', raw)
    const captured = paypalFixture('orders_v2_capture_order_response_completed')
    captured.id = '9PAYPALAPPROVED1'
    captured.purchase_units[0].payments.captures[0].amount.value = '21.12'
    const capture = nock(PAYPAL_API).post('/v2/checkout/orders/9PAYPALAPPROVED1/capture').reply(201, captured)
    const response = await deliver(client, host, 'paypal', raw, transmission())
    response.assertStatus(200)
    assert.equal(response.body().data.outcome, 'credited')
    assert.isTrue(capture.isDone())
    assert.equal((await moneyOf(tenant, member.id)).balance, 21_120_000)
  })
})

test.group('Payment webhooks: the test gateway', () => {
  test('a forged test-gateway event is refused like any other', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const payment = await recharge(client, host, member, { amount: '10.00', gateway: 'fake' })
    const raw = JSON.stringify({ id: 'fake_evt_forged', type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), payment: { id: payment.id, ref: '', amount_micros: 10_000_000, currency: 'USD', save_method: false } })
    const response = await deliver(client, host, 'fake', raw, { 'x-fake-gateway-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` })
    response.assertStatus(400)
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })
})
