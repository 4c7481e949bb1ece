import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import nock from 'nock'
import Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import type User from '#models/user'
import walletService from '#services/money/wallet_service'
import recharges from '#services/payments/recharge_service'
import { runForTenant } from '#tenants/context'
import { addUser, tokenFor } from '#tests/helpers'
import type { StripeStandIn } from '#tests/stand_ins/stripe_api'
import {
  PAYPAL_API,
  brandWith,
  interceptPaypal,
  moneyOf,
  paidFakeRecharge,
  paypalFixture,
  paypalToken,
  releasePaypal,
  snapshotOf,
  startStripe,
  stopStripe,
  stripeSignature,
} from '#tests/payments_helpers'

let stripe: StripeStandIn
let key = 0

async function refund(client: ApiClient, host: string, staff: User, paymentId: number, body: Record<string, unknown>) {
  return client
    .post(`/api/v1/admin/payments/${paymentId}/refund`)
    .header('host', host)
    .header('Idempotency-Key', `refund-test-${Date.now()}-${++key}`)
    .bearerToken(await tokenFor(staff))
    .json(body)
}

function refundsOf(payment: Payment) {
  return runForTenant({ id: payment.tenantId, slug: 'test' }, () => PaymentRefund.query().where('payment_id', payment.id))
}

function reload(payment: Payment) {
  return runForTenant({ id: payment.tenantId, slug: 'test' }, () => Payment.findOrFail(payment.id))
}

test.group('Payments: refunds by the brand\'s staff', (group) => {
  group.setup(async () => {
    stripe = await startStripe()
    interceptPaypal()
    return async () => {
      await stopStripe(stripe)
      releasePaypal()
    }
  })

  test('an owner refunds part of a recharge: the wallet is debited by exactly that, with a refund line', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('fake')
    const payment = await paidFakeRecharge(tenant, member.id, '25.00')
    const response = await refund(client, host, owner, payment.id, { amount: '10.00', reason: 'Customer asked' })
    response.assertStatus(201)
    assert.equal(response.body().data.payment.status, 'partially_refunded')
    assert.equal(response.body().data.refund.amount.micros, 10_000_000)

    const money = await moneyOf(tenant, member.id)
    assert.equal(money.balance, 15_000_000)
    const line = money.entries.at(-1)!
    assert.deepEqual([line.kind, line.category, line.amountMicros, line.referenceId], ['refund', 'recharge', -10_000_000, String(payment.id)])
    assert.equal(line.actorId, owner.id)
    assert.include(line.description!, 'Customer asked')

    const rest = await refund(client, host, owner, payment.id, { reason: 'The rest too' })
    rest.assertStatus(201)
    assert.equal(rest.body().data.payment.status, 'refunded')
    assert.equal((await moneyOf(tenant, member.id)).balance, 0)
  })

  test('support staff may look but not refund', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('fake')
    const support = await addUser(tenant, `support-${Date.now()}@refunds.test`, 'support')
    const payment = await paidFakeRecharge(tenant, member.id, '25.00')
    const list = await client.get('/api/v1/admin/payments').header('host', host).bearerToken(await tokenFor(support))
    list.assertStatus(200)
    assert.equal(list.body().data[0].id, payment.id)
    const response = await refund(client, host, support, payment.id, { amount: '5.00', reason: 'Trying' })
    response.assertStatus(403)
    assert.equal((await moneyOf(tenant, member.id)).balance, 25_000_000)
    assert.lengthOf(await refundsOf(payment), 0)
  })

  test('a refund larger than what is left is refused on amount and nothing is done', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('fake')
    const payment = await paidFakeRecharge(tenant, member.id, '25.00')
    const response = await refund(client, host, owner, payment.id, { amount: '25.01', reason: 'Too much' })
    response.assertStatus(422)
    assert.equal(response.body().error.fields[0].field, 'amount')
    assert.equal((await moneyOf(tenant, member.id)).balance, 25_000_000)
    assert.equal((await reload(payment)).refundedMicros, 0)
    assert.lengthOf(await refundsOf(payment), 0)
  })

  test('a refund larger than the wallet\'s available balance is refused and nothing is done', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('fake')
    const payment = await paidFakeRecharge(tenant, member.id, '25.00')
    await runForTenant(tenant, () => walletService.debit(payment.walletId, { amountMicros: 20_000_000, category: 'call', description: 'calls' }))
    const response = await refund(client, host, owner, payment.id, { amount: '10.00', reason: 'Spent already' })
    response.assertStatus(422)
    assert.equal(response.body().error.fields[0].field, 'amount')
    assert.include(response.body().error.message, '$5.00')
    assert.equal((await moneyOf(tenant, member.id)).balance, 5_000_000)
    assert.equal((await reload(payment)).status, 'succeeded')
  })

  test('bad refund input names the field: negative, fractions of a cent, no reason', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('fake')
    const payment = await paidFakeRecharge(tenant, member.id, '25.00')
    for (const [body, field] of [
      [{ amount: '-5.00', reason: 'Negative' }, 'amount'],
      [{ amount: '1.005', reason: 'Fraction' }, 'amount'],
      [{ amount: '5.00' }, 'reason'],
    ] as const) {
      const response = await refund(client, host, owner, payment.id, body)
      response.assertStatus(422)
      assert.equal(response.body().error.fields[0].field, field)
    }
    assert.equal((await moneyOf(tenant, member.id)).balance, 25_000_000)
  })

  test('Stripe: the refund goes through refunds.create with our idempotency key', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('stripe')
    const snapshot = await snapshotOf(tenant)
    const { payment } = await recharges.start(snapshot, member.id, { amount: '30.00', gateway: 'stripe', baseUrl: 'http://x' })
    stripe.confirm(payment.gatewayRef!)
    await recharges.complete(snapshot, payment)
    assert.equal((await moneyOf(tenant, member.id)).balance, 30_000_000)

    const response = await refund(client, host, owner, payment.id, { amount: '12.50', reason: 'Duplicate charge' })
    response.assertStatus(201)
    const [sent] = stripe.calls('POST', '/v1/refunds').filter((r) => r.body.payment_intent === payment.gatewayRef)
    assert.deepEqual(sent.body, { payment_intent: payment.gatewayRef, amount: '1250' })
    assert.equal(sent.idempotencyKey, `brandline-refund-${response.body().data.refund.id}`)
    assert.equal((await moneyOf(tenant, member.id)).balance, 17_500_000)
  })

  test('Stripe down: the refund fails, the wallet gets its money back and the refund says failed', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('stripe')
    const snapshot = await snapshotOf(tenant)
    const { payment } = await recharges.start(snapshot, member.id, { amount: '30.00', gateway: 'stripe', baseUrl: 'http://x' })
    stripe.confirm(payment.gatewayRef!)
    await recharges.complete(snapshot, payment)
    stripe.failRefunds = true
    try {
      const response = await refund(client, host, owner, payment.id, { amount: '10.00', reason: 'Will fail' })
      response.assertStatus(502)
      assert.equal(response.body().error.code, 'GATEWAY_UNAVAILABLE')
    } finally {
      stripe.failRefunds = false
    }
    assert.equal((await moneyOf(tenant, member.id)).balance, 30_000_000)
    const after = await reload(payment)
    assert.deepEqual([after.status, after.refundedMicros], ['succeeded', 0])
    const [row] = await refundsOf(payment)
    assert.equal(row.status, 'failed')
  })

  test('Stripe: a refund made in Stripe\'s dashboard (charge.refunded) debits the wallet too, once', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('stripe')
    const snapshot = await snapshotOf(tenant)
    const { payment } = await recharges.start(snapshot, member.id, { amount: '30.00', gateway: 'stripe', baseUrl: 'http://x' })
    stripe.confirm(payment.gatewayRef!)
    await recharges.complete(snapshot, payment)
    const raw = JSON.stringify(stripe.event('charge.refunded', payment.gatewayRef!, { amount_refunded: 1000 }))
    const response = await client.post('/webhooks/payments/stripe').header('host', host).header('stripe-signature', stripeSignature(raw)).unsafeJson(raw)
    assert.equal(response.body().data.outcome, 'refund_recorded')
    assert.equal((await moneyOf(tenant, member.id)).balance, 20_000_000)
    const again = JSON.stringify(stripe.event('charge.refunded', payment.gatewayRef!, { amount_refunded: 1000 }))
    await client.post('/webhooks/payments/stripe').header('host', host).header('stripe-signature', stripeSignature(again)).unsafeJson(again)
    assert.equal((await moneyOf(tenant, member.id)).balance, 20_000_000)
  })

  test('PayPal: the order\'s capture is refunded through the SDK', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('paypal')
    const snapshot = await snapshotOf(tenant)
    paypalToken().persist()
    const created = paypalFixture('orders_v2_create_order_response')
    created.id = '8REFUNDORDER0001'
    nock(PAYPAL_API).post('/v2/checkout/orders').reply(201, created)
    const { payment } = await recharges.start(snapshot, member.id, { amount: '100.00', gateway: 'paypal', baseUrl: 'http://x' })
    const captured = paypalFixture('orders_v2_capture_order_response_completed')
    captured.id = '8REFUNDORDER0001'
    nock(PAYPAL_API).post('/v2/checkout/orders/8REFUNDORDER0001/capture').reply(201, captured)
    await recharges.complete(snapshot, payment)
    assert.equal((await moneyOf(tenant, member.id)).balance, 100_000_000)

    let sent: any = null
    nock(PAYPAL_API).get('/v2/checkout/orders/8REFUNDORDER0001').reply(200, captured)
    const refunded = nock(PAYPAL_API)
      .post('/v2/payments/captures/3C679366HH908993F/refund', (body) => ((sent = body), true))
      .reply(201, { id: '1JU08902781691411', status: 'COMPLETED', links: [{ rel: 'self', method: 'GET', href: 'https://api-m.paypal.com/v2/payments/refunds/1JU08902781691411' }] })
    const response = await refund(client, host, owner, payment.id, { amount: '40.00', reason: 'Goodwill' })
    response.assertStatus(201)
    assert.isTrue(refunded.isDone())
    assert.deepEqual(sent.amount, { currency_code: 'USD', value: '40.00' })
    assert.equal((await moneyOf(tenant, member.id)).balance, 60_000_000)
    nock.cleanAll()
  })

  test('the admin pages: support sees the list without a refund form; an owner refunds from the page', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWith('fake')
    const support = await addUser(tenant, `support-page-${Date.now()}@refunds.test`, 'support')
    const payment = await paidFakeRecharge(tenant, member.id, '25.00')

    const list = await client.get('/admin/payments').header('host', host).withGuard('web').loginAs(support)
    list.assertStatus(200)
    assert.include(list.text(), `data-payment="${payment.id}"`)
    assert.include(list.text(), member.email)
    const page = await client.get(`/admin/payments/${payment.id}`).header('host', host).withGuard('web').loginAs(support)
    assert.notInclude(page.text(), 'data-form="refund"')
    const refused = await client.post(`/admin/payments/${payment.id}/refund`).header('host', host).withGuard('web').loginAs(support).withCsrfToken().form({ amount: '5.00', reason: 'Nope' }).redirects(0)
    refused.assertStatus(403)

    const done = await client.post(`/admin/payments/${payment.id}/refund`).header('host', host).withGuard('web').loginAs(owner).withCsrfToken().form({ amount: '5.00', reason: 'From the page' }).redirects(0)
    done.assertStatus(302)
    done.assertFlashMessage('success', 'Refunded. The wallet was debited by the same amount.')
    assert.equal((await moneyOf(tenant, member.id)).balance, 20_000_000)
  })

  test('another brand\'s admin gets 404 for this brand\'s payment, on the API and the pages', async ({ client, assert }) => {
    const a = await brandWith('fake')
    const b = await brandWith('fake')
    const payment = await paidFakeRecharge(a.tenant, a.member.id, '25.00')
    const api = await refund(client, b.host, b.owner, payment.id, { amount: '5.00', reason: 'Not mine' })
    api.assertStatus(404)
    const show = await client.get(`/api/v1/admin/payments/${payment.id}`).header('host', b.host).bearerToken(await tokenFor(b.owner))
    show.assertStatus(404)
    const page = await client.get(`/admin/payments/${payment.id}`).header('host', b.host).withGuard('web').loginAs(b.owner)
    page.assertStatus(404)
    const aToken = await client.post(`/api/v1/admin/payments/${payment.id}/refund`).header('host', b.host).header('Idempotency-Key', 'x-tenant').bearerToken(await tokenFor(a.owner)).json({ reason: 'A token on B' })
    aToken.assertStatus(401)
    assert.equal((await moneyOf(a.tenant, a.member.id)).balance, 25_000_000)
  })
})
