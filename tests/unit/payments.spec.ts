import { test } from '@japa/runner'
import Stripe from 'stripe'
import { defaultConfig } from '#tenants/config/defaults'
import { amountMicrosOf, checkRechargeAmount, rechargeCurrency } from '#services/payments/recharge_input'
import { FakeDriver, FAKE_SIGNATURE_HEADER, isDeclineAmount, signFakeEvent } from '#services/payments/drivers/fake_driver'
import { StripeDriver } from '#services/payments/drivers/stripe_driver'
import { InvalidWebhookError } from '#services/payments/contract'

const brandIn = (currency: string) => {
  const config = defaultConfig()
  config.pricing.currency = currency
  return { config }
}

/** The field a refused amount names, or null when it is accepted. */
function refusedField(work: () => unknown) {
  try {
    work()
    return null
  } catch (error: any) {
    return error.fields?.[0]?.field ?? 'unnamed'
  }
}

test.group('Payments: recharge amounts', () => {
  test('decimal strings become exact micro-units, whatever the currency\'s minor unit', ({ assert }) => {
    assert.equal(amountMicrosOf({ amount: '25.10' }).micros, 25_100_000)
    assert.equal(checkRechargeAmount(brandIn('USD'), 25_100_000, 'USD'), 25_100_000)
    const yen = brandIn('JPY')
    yen.config.payments.recharge = { minMicros: 100_000_000, maxMicros: 100_000_000_000 }
    assert.equal(checkRechargeAmount(yen, amountMicrosOf({ amount: '1500' }).micros, 'JPY'), 1_500_000_000)
    assert.equal(refusedField(() => checkRechargeAmount(yen, amountMicrosOf({ amount: '1500.5' }).micros, 'JPY')), 'amount')
  })

  test('currencies: the brand\'s is taken, an unknown or different one is refused on currency', ({ assert }) => {
    assert.equal(rechargeCurrency(brandIn('EUR')), 'EUR')
    assert.equal(rechargeCurrency(brandIn('EUR'), 'eur'), 'EUR')
    assert.equal(refusedField(() => rechargeCurrency(brandIn('EUR'), 'USD')), 'currency')
    assert.equal(refusedField(() => rechargeCurrency(brandIn('EUR'), 'ZZZ')), 'currency')
  })

  test('the test gateway declines amounts ending in .13, and only those', ({ assert }) => {
    assert.isTrue(isDeclineAmount(10_130_000, 'USD'))
    assert.isTrue(isDeclineAmount(113_000_000, 'JPY'))
    assert.isFalse(isDeclineAmount(10_120_000, 'USD'))
    assert.isFalse(isDeclineAmount(13_000_000, 'USD'))
  })
})

test.group('Payments: webhook signatures', () => {
  const body = JSON.stringify({ id: 'fake_evt_1', type: 'payment.succeeded', created: 1, payment: { id: 7, ref: 'fake_pay_1', amount_micros: 5_000_000, currency: 'USD', save_method: false } })

  test('the test gateway accepts its own signature and refuses a tampered body, another key or an old one', async ({ assert }) => {
    const driver = new FakeDriver({ signingKey: 'brand-key', toleranceSeconds: 300 })
    const event = await driver.verifyWebhook(body, { [FAKE_SIGNATURE_HEADER]: signFakeEvent('brand-key', body) })
    assert.deepEqual([event.paymentId, event.amountMicros, event.type], [7, 5_000_000, 'payment.succeeded'])
    const refusals = [
      () => driver.verifyWebhook(body.replace('5000000', '9000000'), { [FAKE_SIGNATURE_HEADER]: signFakeEvent('brand-key', body) }),
      () => driver.verifyWebhook(body, { [FAKE_SIGNATURE_HEADER]: signFakeEvent('other-brand-key', body) }),
      () => driver.verifyWebhook(body, { [FAKE_SIGNATURE_HEADER]: signFakeEvent('brand-key', body, Math.floor(Date.now() / 1000) - 301) }),
      () => driver.verifyWebhook(body, {}),
    ]
    for (const refusal of refusals) await assert.rejects(refusal, InvalidWebhookError)
  })

  test('Stripe: constructEvent with the brand\'s secret and a 300 s tolerance', async ({ assert }) => {
    const driver = new StripeDriver({
      secretKey: 'sk_test_unit',
      webhookSecret: 'whsec_unit',
      methods: { card: true, applePay: false, googlePay: false, cashApp: false },
      apiBase: 'http://127.0.0.1:9',
      timeoutMs: 1000,
      toleranceSeconds: 300,
    })
    const raw = JSON.stringify({ id: 'evt_unit', object: 'event', type: 'customer.created', created: 1, data: { object: {} } })
    const sign = (secret: string, age = 0) => Stripe.webhooks.generateTestHeaderString({ payload: raw, secret, timestamp: Math.floor(Date.now() / 1000) - age })
    const event = await driver.verifyWebhook(raw, { 'stripe-signature': sign('whsec_unit', 299) })
    assert.deepEqual([event.eventId, event.type], ['evt_unit', 'ignored'])
    await assert.rejects(() => driver.verifyWebhook(raw, { 'stripe-signature': sign('whsec_unit', 301) }), InvalidWebhookError)
    await assert.rejects(() => driver.verifyWebhook(raw, { 'stripe-signature': sign('whsec_other') }), InvalidWebhookError)
  })
})
