import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import Wallet from '#models/wallet'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import walletService from '#services/money/wallet_service'
import autoRecharge, { MAX_FAILURES } from '#services/payments/auto_recharge_service'
import recharges from '#services/payments/recharge_service'
import { runForTenant } from '#tenants/context'
import { tokenFor } from '#tests/helpers'
import type { StripeStandIn } from '#tests/stand_ins/stripe_api'
import { brandWith, moneyOf, paidFakeRecharge, paymentsOf, snapshotOf, startStripe, stopStripe } from '#tests/payments_helpers'

let stripe: StripeStandIn

function walletOf(tenant: Tenant, user: User) {
  return runForTenant(tenant, () => Wallet.query().where('user_id', user.id).firstOrFail())
}

/** Spends from the wallet the way a call would, which is what drops it below its threshold. */
function spend(tenant: Tenant, wallet: Wallet, micros: number) {
  return runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros: micros, category: 'call', description: 'calls' }))
}

/** Pretends the retry time has come. */
function makeDue(tenant: Tenant, wallet: Wallet) {
  return runForTenant(tenant, () => Wallet.query().where('id', wallet.id).update({ auto_recharge_due_at: DateTime.now().minus({ seconds: 1 }).toFormat('yyyy-MM-dd HH:mm:ss') }))
}

/** A fake-gateway brand whose customer saved the test card with a $25 recharge and turned auto-recharge on. */
async function autoRechargingCustomer(client: any, amount = '20.00') {
  const brand = await brandWith('fake', { support: { email: 'help@auto.test' } })
  await paidFakeRecharge(brand.tenant, brand.member.id, '25.00', true)
  const response = await client
    .put('/api/v1/wallet/auto-recharge')
    .header('host', brand.host)
    .bearerToken(await tokenFor(brand.member))
    .json({ enabled: true, threshold: '5.00', amount, gateway: 'fake' })
  response.assertStatus(200)
  return { ...brand, wallet: await walletOf(brand.tenant, brand.member) }
}

test.group('Payments: auto-recharge', (group) => {
  group.setup(async () => {
    stripe = await startStripe()
    return () => stopStripe(stripe)
  })
  group.each.teardown(() => mail.restore())

  test('settings: on needs a saved method of an off-session gateway, named by field', async ({ client, assert }) => {
    const { host, member } = await brandWith('fake')
    const token = await tokenFor(member)
    const put = (body: Record<string, unknown>) => client.put('/api/v1/wallet/auto-recharge').header('host', host).bearerToken(token).json(body)
    const noMethod = await put({ enabled: true, threshold: '5.00', amount: '20.00', gateway: 'fake' })
    noMethod.assertStatus(422)
    assert.equal(noMethod.body().error.fields[0].field, 'gateway')
    const badAmount = await put({ enabled: true, threshold: '5.00', amount: '-20.00', gateway: 'fake' })
    assert.equal(badAmount.body().error.fields[0].field, 'amount')
    const badThreshold = await put({ enabled: true, threshold: '5.001', amount: '20.00', gateway: 'fake' })
    assert.equal(badThreshold.body().error.fields[0].field, 'threshold')
    const unknown = await put({ enabled: true, threshold: '5.00', amount: '20.00', gateway: 'paypal' })
    assert.equal(unknown.body().error.fields[0].field, 'gateway')
    const off = await put({ enabled: false })
    off.assertStatus(200)
    assert.isFalse(off.body().data.enabled)
  })

  test('falling below the threshold charges the saved card once, off-session, and credits the wallet', async ({ client, assert }) => {
    const { tenant, member, wallet } = await autoRechargingCustomer(client)
    assert.equal(wallet.paymentMethodLabel, 'Test card •••• 4242')
    await spend(tenant, wallet, 21_000_000)
    await autoRecharge.idle()

    const money = await moneyOf(tenant, member.id)
    assert.equal(money.balance, 4_000_000 + 20_000_000)
    assert.deepEqual(money.entries.map((e) => [e.kind, e.amountMicros, e.description]), [
      ['credit', 25_000_000, 'Recharge via Test gateway'],
      ['credit', 20_000_000, 'Automatic recharge via Test gateway'],
    ])
    const auto = (await paymentsOf(tenant, member.id)).filter((p) => p.purpose === 'auto_recharge')
    assert.lengthOf(auto, 1)
    assert.equal(auto[0].status, 'succeeded')
    const after = await walletOf(tenant, member)
    assert.isNull(after.autoRechargeDueAt)
    assert.equal(after.autoRechargeFailures, 0)

    await autoRecharge.runDue()
    assert.lengthOf((await paymentsOf(tenant, member.id)).filter((p) => p.purpose === 'auto_recharge'), 1, 'the periodic pass finds nothing left to do')
  })

  test('Stripe: the saved card is charged off-session with confirm and our idempotency key', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('stripe')
    const snapshot = await snapshotOf(tenant)
    const { payment } = await recharges.start(snapshot, member.id, { amount: '25.00', gateway: 'stripe', savePaymentMethod: true, baseUrl: 'http://x' })
    stripe.confirm(payment.gatewayRef!, { brand: 'mastercard', last4: '4444' })
    await recharges.complete(snapshot, payment)
    const saved = await walletOf(tenant, member)
    assert.equal(saved.paymentMethodLabel, 'Mastercard •••• 4444')

    await client.put('/api/v1/wallet/auto-recharge').header('host', host).bearerToken(await tokenFor(member)).json({ enabled: true, threshold: '10.00', amount: '30.00', gateway: 'stripe' }).then((r) => r.assertStatus(200))
    await spend(tenant, saved, 20_000_000)
    await autoRecharge.idle()

    const offSession = stripe.calls('POST', '/v1/payment_intents').filter((r) => r.body.off_session === 'true')
    assert.lengthOf(offSession, 1)
    assert.equal(offSession[0].body.confirm, 'true')
    assert.equal(offSession[0].body.customer, saved.gatewayCustomerRef)
    assert.equal(offSession[0].body.payment_method, saved.gatewayPaymentMethodRef)
    assert.equal(offSession[0].body.amount, '3000')
    assert.match(offSession[0].idempotencyKey!, /^brandline-payment-\d+$/)
    assert.equal((await moneyOf(tenant, member.id)).balance, 5_000_000 + 30_000_000)
  })

  test('two workers passing at the same time charge the card once', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('stripe')
    const snapshot = await snapshotOf(tenant)
    const { payment } = await recharges.start(snapshot, member.id, { amount: '25.00', gateway: 'stripe', savePaymentMethod: true, baseUrl: 'http://x' })
    stripe.confirm(payment.gatewayRef!)
    await recharges.complete(snapshot, payment)
    await client.put('/api/v1/wallet/auto-recharge').header('host', host).bearerToken(await tokenFor(member)).json({ enabled: true, threshold: '50.00', amount: '10.00', gateway: 'stripe' }).then((r) => r.assertStatus(200))
    await autoRecharge.idle()
    const wallet = await walletOf(tenant, member)
    assert.equal(wallet.balanceMicros, 35_000_000, 'switching on below the threshold charged at once')
    /** Still below the threshold: make it due again and let two passes race for it. */
    const before = stripe.calls('POST', '/v1/payment_intents').length
    await makeDue(tenant, wallet)
    const [first, second] = await Promise.all([autoRecharge.attempt(tenant.id, wallet.id), autoRecharge.attempt(tenant.id, wallet.id)])
    assert.equal(Number(first) + Number(second), 1)
    assert.equal(stripe.calls('POST', '/v1/payment_intents').length - before, 1)
    assert.equal((await moneyOf(tenant, member.id)).balance, 25_000_000 + 10_000_000 + 10_000_000)
  })

  test('a declined charge mails the user, is retried later, and the fourth failure switches auto-recharge off', async ({ client, assert }) => {
    const { messages } = mail.fake()
    const { tenant, member, wallet } = await autoRechargingCustomer(client, '20.13')
    await spend(tenant, wallet, 21_000_000)
    await autoRecharge.idle()

    let now = await walletOf(tenant, member)
    assert.equal(now.autoRechargeFailures, 1)
    assert.include(now.autoRechargeLastError!, 'declined')
    assert.isTrue(now.autoRechargeEnabled)
    const nextInMinutes = now.autoRechargeDueAt!.diffNow('minutes').minutes
    assert.isAbove(nextInMinutes, 55)
    assert.isBelow(nextInMinutes, 65)
    assert.equal((await moneyOf(tenant, member.id)).balance, 4_000_000)
    let sent = messages.sent()
    assert.lengthOf(sent, 1)
    const first = sent[0].toJSON().message
    assert.deepEqual(first.to, [member.email])
    assert.include(first.subject!, 'auto-recharge failed')
    assert.include(first.text as string, '$20.13')
    assert.include(first.text as string, 'Test card •••• 4242')

    await autoRecharge.runDue()
    assert.equal((await walletOf(tenant, member)).autoRechargeFailures, 1, 'not retried before its time')
    for (let attempt = 2; attempt <= MAX_FAILURES; attempt++) {
      await makeDue(tenant, wallet)
      await autoRecharge.runDue()
    }
    now = await walletOf(tenant, member)
    assert.equal(now.autoRechargeFailures, MAX_FAILURES)
    assert.isFalse(now.autoRechargeEnabled)
    assert.isNull(now.autoRechargeDueAt)
    sent = messages.sent()
    assert.lengthOf(sent, MAX_FAILURES)
    assert.include(sent.at(-1)!.toJSON().message.subject!, 'switched off')
    const auto = (await paymentsOf(tenant, member.id)).filter((p) => p.purpose === 'auto_recharge')
    assert.isTrue(auto.every((p) => p.status === 'failed'))
    assert.equal((await moneyOf(tenant, member.id)).balance, 4_000_000)
  })

  test('Stripe declining off-session counts as a failure too', async ({ client, assert }) => {
    const { tenant, host, member } = await brandWith('stripe')
    const snapshot = await snapshotOf(tenant)
    const { payment } = await recharges.start(snapshot, member.id, { amount: '25.00', gateway: 'stripe', savePaymentMethod: true, baseUrl: 'http://x' })
    stripe.confirm(payment.gatewayRef!)
    await recharges.complete(snapshot, payment)
    mail.fake()
    await client.put('/api/v1/wallet/auto-recharge').header('host', host).bearerToken(await tokenFor(member)).json({ enabled: true, threshold: '10.00', amount: '30.00', gateway: 'stripe' })
    stripe.declineOffSession = true
    try {
      await spend(tenant, await walletOf(tenant, member), 20_000_000)
      await autoRecharge.idle()
    } finally {
      stripe.declineOffSession = false
    }
    const now = await walletOf(tenant, member)
    assert.equal(now.autoRechargeFailures, 1)
    assert.equal(now.autoRechargeLastError, 'Your card was declined.')
    assert.equal((await moneyOf(tenant, member.id)).balance, 5_000_000)
  })
})
