import { test } from '@japa/runner'
import nock from 'nock'
import { tokenFor } from '#tests/helpers'
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
let key = 0
const idem = () => `recharge-test-${Date.now()}-${++key}`

/** A PayPal order as PayPal's sample shows it, under another id (order ids are unique per gateway). */
function paypalOrder(name: string, orderId: string) {
  return JSON.parse(JSON.stringify(paypalFixture(name)).replaceAll('5O190127TN364715T', orderId))
}

test.group('Payments: wallet recharge through the API', (group) => {
  group.setup(async () => {
    stripe = await startStripe()
    interceptPaypal()
    return async () => {
      await stopStripe(stripe)
      releasePaypal()
    }
  })

  test('Stripe: a PaymentIntent with the brand\'s methods, our metadata and a saved-card customer; nothing credited yet', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('stripe')
    const response = await client
      .post('/api/v1/wallet/recharge')
      .header('host', host)
      .header('Idempotency-Key', idem())
      .bearerToken(await tokenFor(member))
      .json({ amount: '25.00', gateway: 'stripe', savePaymentMethod: true })
    response.assertStatus(201)
    const payment = response.body().data.payment
    assert.equal(payment.status, 'pending')
    assert.equal(payment.amount.micros, 25_000_000)
    assert.match(payment.clientSecret, /^pi_\w+_secret_\w+$/)
    assert.isNull(payment.redirectUrl)

    const [customer] = stripe.calls('POST', '/v1/customers')
    const [created] = stripe.calls('POST', '/v1/payment_intents')
    assert.equal(created.authorization, 'Bearer sk_test_brandline_4242')
    assert.equal(created.idempotencyKey, `brandline-payment-${payment.id}`)
    assert.equal(created.body.amount, '2500')
    assert.equal(created.body.currency, 'usd')
    assert.deepEqual(created.body.allowed_payment_method_types, ['card', 'cashapp'])
    assert.deepEqual(created.body.metadata, { tenant_id: String(tenant.id), wallet_id: created.body.metadata.wallet_id, payment_id: String(payment.id) })
    assert.equal(created.body.setup_future_usage, 'off_session')
    assert.match(created.body.customer, /^cus_/)
    assert.equal(customer.idempotencyKey, `brandline-payment-${payment.id}:customer`)

    const [row] = await paymentsOf(tenant, member.id)
    assert.equal(row.gatewayRef, payment.clientSecret.split('_secret_')[0])
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('Stripe: Cash App Pay is offered for US dollars only', async ({ client, assert }) => {
    const { host, member } = await brandWith('stripe', { pricing: { currency: 'EUR' } })
    const response = await client
      .post('/api/v1/wallet/recharge')
      .header('host', host)
      .header('Idempotency-Key', idem())
      .bearerToken(await tokenFor(member))
      .json({ amount: '10.00', gateway: 'stripe' })
    response.assertStatus(201)
    const created = stripe.calls('POST', '/v1/payment_intents').at(-1)!
    assert.deepEqual(created.body.allowed_payment_method_types, ['card'])
    assert.equal(created.body.currency, 'eur')
    assert.isUndefined(created.body.setup_future_usage)
  })

  test('PayPal: an Orders v2 CAPTURE order with our payment id, and the buyer is sent to approve it', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('paypal')
    let sent: any = null
    let requestId: string | null = null
    paypalToken()
    nock(PAYPAL_API)
      .matchHeader('paypal-request-id', (value) => ((requestId = value), true))
      .post('/v2/checkout/orders', (body) => ((sent = body), true))
      .reply(201, paypalOrder('orders_v2_create_order_response', '7PAY0001RECHARGE'))
    const response = await client
      .post('/api/v1/wallet/recharge')
      .header('host', host)
      .header('Idempotency-Key', idem())
      .bearerToken(await tokenFor(member))
      .json({ amount: '25.50', gateway: 'paypal' })
    response.assertStatus(201)
    const payment = response.body().data.payment
    assert.equal(payment.redirectUrl, 'https://www.paypal.com/checkoutnow?token=7PAY0001RECHARGE')
    assert.equal(sent.intent, 'CAPTURE')
    assert.deepEqual(sent.purchase_units[0].amount, { currency_code: 'USD', value: '25.50' })
    assert.equal(sent.purchase_units[0].custom_id, String(payment.id))
    assert.equal(sent.payment_source.paypal.experience_context.return_url, `http://${host}/portal/wallet/paypal/return`)
    assert.equal(requestId, `brandline-payment-${payment.id}`)
    const [row] = await paymentsOf(tenant, member.id)
    assert.equal(row.gatewayRef, '7PAY0001RECHARGE')
    assert.isTrue(nock.isDone())
  })

  test('the fake gateway sends the buyer to its checkout page on the brand', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const response = await client
      .post('/api/v1/wallet/recharge')
      .header('host', host)
      .header('Idempotency-Key', idem())
      .bearerToken(await tokenFor(member))
      .json({ amountMicros: 12_000_000, gateway: 'fake' })
    response.assertStatus(201)
    const payment = response.body().data.payment
    assert.equal(payment.redirectUrl, `http://${host}/portal/wallet/checkout/${payment.id}`)
    assert.lengthOf(await paymentsOf(tenant, member.id), 1)
  })

  test('the same Idempotency-Key starts one recharge, not two; no key is refused', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const token = await tokenFor(member)
    const send = (key?: string) => {
      const request = client.post('/api/v1/wallet/recharge').header('host', host).bearerToken(token)
      return (key ? request.header('Idempotency-Key', key) : request).json({ amount: '20.00', gateway: 'fake' })
    }
    const sameKey = idem()
    const first = await send(sameKey)
    const again = await send(sameKey)
    assert.equal(again.body().data.payment.id, first.body().data.payment.id)
    const missing = await send()
    missing.assertStatus(400)
    assert.equal(missing.body().error.code, 'IDEMPOTENCY_KEY_REQUIRED')
    assert.lengthOf(await paymentsOf(tenant, member.id), 1)
  })

  test('bad input is refused with the field named, and no payment is written: {0}')
    .with([
      ['a negative amount', { amount: '-5.00', gateway: 'fake' }, 'amount'],
      ['an absurd amount', { amount: '99999999999999999999', gateway: 'fake' }, 'amount'],
      ['absurd micro-units', { amountMicros: 1e20, gateway: 'fake' }, 'amountMicros'],
      ['a fraction of a cent', { amount: '10.001', gateway: 'fake' }, 'amount'],
      ['below the brand minimum', { amount: '1.00', gateway: 'fake' }, 'amount'],
      ['above the brand maximum', { amount: '5000.00', gateway: 'fake' }, 'amount'],
      ['words for an amount', { amount: 'ten dollars', gateway: 'fake' }, 'amount'],
      ['no amount', { gateway: 'fake' }, 'amount'],
      ['an unknown currency', { amount: '10.00', currency: 'XYZ', gateway: 'fake' }, 'currency'],
      ['another currency', { amount: '10.00', currency: 'EUR', gateway: 'fake' }, 'currency'],
      ['an unknown gateway', { amount: '10.00', gateway: 'bitcoin' }, 'gateway'],
      ['a gateway the brand has not enabled', { amount: '10.00', gateway: 'paypal' }, 'gateway'],
      ['no gateway', { amount: '10.00' }, 'gateway'],
    ] as const)
    .run(async ({ client, assert }, [, body, field]) => {
      const { tenant, host, member } = await brandWith('fake')
      const response = await client
        .post('/api/v1/wallet/recharge')
        .header('host', host)
        .header('Idempotency-Key', idem())
        .bearerToken(await tokenFor(member))
        .json(body)
      response.assertStatus(422)
      assert.include(response.body().error.fields.map((f: any) => f.field), field)
      assert.lengthOf(await paymentsOf(tenant, member.id), 0)
      assert.equal((await moneyOf(tenant, member.id)).balance, 0)
    })

  test('a gateway switched on without its keys is a clear 422 on gateway', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake', { payments: { gateways: { stripe: { enabled: true } } } })
    const response = await client
      .post('/api/v1/wallet/recharge')
      .header('host', host)
      .header('Idempotency-Key', idem())
      .bearerToken(await tokenFor(member))
      .json({ amount: '10.00', gateway: 'stripe' })
    response.assertStatus(422)
    assert.equal(response.body().error.code, 'GATEWAY_NOT_CONFIGURED')
    assert.equal(response.body().error.fields[0].field, 'gateway')
    assert.lengthOf(await paymentsOf(tenant, member.id), 0)
  })
})
