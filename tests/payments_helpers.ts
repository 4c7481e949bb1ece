import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import Stripe from 'stripe'
import nock from 'nock'
import Payment from '#models/payment'
import Wallet from '#models/wallet'
import LedgerEntry from '#models/ledger_entry'
import PaymentEvent from '#models/payment_event'
import type Tenant from '#models/tenant'
import payments from '#services/payments/manager'
import recharges from '#services/payments/recharge_service'
import { decideFakeCheckout } from '#services/payments/fake_checkout'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { deepMerge } from '#tenants/config/merge'
import { throwawayBrand } from '#tests/helpers'
import { StripeStandIn } from '#tests/stand_ins/stripe_api'

export const PAYPAL_API = 'https://api-m.sandbox.paypal.com'

/** A PayPal fixture (see tests/fixtures/README.md), as a fresh copy. */
export function paypalFixture(name: string) {
  return JSON.parse(readFileSync(new URL(`./fixtures/paypal/${name}.json`, import.meta.url), 'utf8'))
}

/** Starts the Stripe stand-in and points the Stripe driver at it (config/payments, no test branches in the driver). */
export async function startStripe() {
  const standIn = new StripeStandIn()
  const url = await standIn.start()
  app.config.set('payments.stripe.apiBase', url)
  payments.restore()
  return standIn
}

export async function stopStripe(standIn: StripeStandIn) {
  app.config.set('payments.stripe.apiBase', null)
  payments.restore()
  await standIn.stop()
}

/** nock on, and every host but this machine's test server refused, so nothing reaches the internet. */
export function interceptPaypal() {
  if (!nock.isActive()) nock.activate()
  nock.disableNetConnect()
  nock.enableNetConnect(/127\.0\.0\.1|localhost/)
}

export function releasePaypal() {
  nock.cleanAll()
  nock.enableNetConnect()
  nock.restore()
}

/** PayPal's token endpoint, as PayPal documents its answer. */
export function paypalToken() {
  return nock(PAYPAL_API)
    .post('/v1/oauth2/token')
    .reply(200, { scope: 'https://uri.paypal.com/services/payments/payment', access_token: 'A21AAtest-access-token', token_type: 'Bearer', app_id: 'APP-80W284485P519543T', expires_in: 32400, nonce: '2024-05-14T09:11:50Z-nonce' })
}

export const STRIPE = { secretKey: 'sk_test_brandline_4242', webhookSecret: 'whsec_brandline_test_secret_1' }

/** A brand of its own with one gateway set up; `extra` merges into its config. */
export function brandWith(gateway: 'stripe' | 'paypal' | 'fake', extra: Record<string, any> = {}) {
  const gateways = {
    stripe: { stripe: { enabled: true, publishableKey: 'pk_test_brandline', ...STRIPE, methods: { card: true, applePay: true, googlePay: false, cashApp: true } } },
    paypal: { paypal: { enabled: true, mode: 'sandbox', clientId: 'paypal-client-id', clientSecret: 'paypal-client-secret', webhookId: 'WH-ID-BRANDLINE' } },
    fake: { fake: { enabled: true } },
  }[gateway]
  return throwawayBrand(deepMerge({ payments: { gateways } }, extra))
}

/** Stripe's own signature header for a body, optionally dated in the past. */
export function stripeSignature(body: string, secret = STRIPE.webhookSecret, timestamp = Math.floor(Date.now() / 1000)) {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp })
}

/** The money state a user would notice: the wallet's balance and its recharge ledger lines. */
export async function moneyOf(tenant: Tenant, userId: number) {
  return runForTenant(tenant, async () => {
    const wallet = await Wallet.query().where('user_id', userId).first()
    const entries = wallet ? await LedgerEntry.query().where('wallet_id', wallet.id).where('category', 'recharge').orderBy('id') : []
    return { wallet, balance: wallet?.balanceMicros ?? 0, entries }
  })
}

export function paymentsOf(tenant: Tenant, userId: number) {
  return runForTenant(tenant, () => Payment.query().where('user_id', userId).orderBy('id'))
}

export function eventsOf(tenant: Tenant) {
  return runForTenant(tenant, () => PaymentEvent.query().orderBy('id'))
}

/** The brand as requests see it (config, branding), fresh from the resolver. */
export async function snapshotOf(tenant: Tenant) {
  return (await tenancy.resolver.snapshot(tenant.id))!
}

/** A recharge started and paid on the test gateway's checkout page, through the services the portal uses. */
export async function paidFakeRecharge(tenant: Tenant, userId: number, amount: string, savePaymentMethod = false) {
  const snapshot = await snapshotOf(tenant)
  const { payment } = await recharges.start(snapshot, userId, { amount, gateway: 'fake', savePaymentMethod, baseUrl: 'http://brand.localhost' })
  await decideFakeCheckout(snapshot, payment, 'pay')
  return runForTenant(tenant, () => Payment.findOrFail(payment.id))
}
