import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Payment from '#models/payment'
import Wallet from '#models/wallet'
import walletService from '#services/money/wallet_service'
import { invalidAmount } from '#services/money/errors'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import payments from './manager.js'
import { gatewayFailure } from './gateway_errors.js'
import type { Checkout, Completion, PaymentGateway } from './contract.js'
import { amountMicrosOf, checkRechargeAmount, rechargeCurrency, type AmountInput } from './recharge_input.js'

type Trx = TransactionClientContract

export interface RechargeRequest extends AmountInput {
  gateway: string
  currency?: string | null
  savePaymentMethod?: boolean
  /** The brand origin the buyer's browser is on; the gateway sends the buyer back there. */
  baseUrl: string
}

/** What a gateway says it captured for one of our payments. */
export interface Captured {
  gateway: string
  gatewayRef?: string | null
  amountMicros: number
  currency: string
  customerRef?: string | null
  paymentMethodRef?: string | null
  paymentMethodLabel?: string | null
}

export type CreditOutcome = 'credited' | 'already_credited' | 'mismatch'

export const GATEWAY_LABELS: Record<string, string> = { stripe: 'Stripe', paypal: 'PayPal', fake: 'Test gateway' }

/**
 * Wallet recharges through a brand's gateways: start a checkout, learn its outcome, and credit
 * the wallet exactly once, whichever of the webhook, the return page or the off-session result
 * arrives first.
 */
export class RechargeService {
  /** Checks the request, writes a pending payment and opens the gateway's checkout. */
  start(tenant: TenantSnapshot, userId: number, request: RechargeRequest) {
    return runForTenant(tenant, async () => {
      const currency = rechargeCurrency(tenant, request.currency)
      const { micros, field } = amountMicrosOf(request)
      checkRechargeAmount(tenant, micros, currency, field)
      const gateway = await payments.use(tenant, request.gateway)
      const save = Boolean(request.savePaymentMethod)
      if (save && !gateway.supportsOffSession) {
        throw invalidAmount('savePaymentMethod', `${GATEWAY_LABELS[gateway.name]} payments cannot be kept for auto-recharge`)
      }
      const wallet = await walletService.forUser(userId, currency)
      if (wallet.currency !== currency) throw invalidAmount('currency', `This wallet is kept in ${wallet.currency}`)
      const payment = await Payment.create({
        walletId: wallet.id,
        userId,
        gateway: gateway.name,
        purpose: 'recharge',
        amountMicros: micros,
        refundedMicros: 0,
        currency,
        status: 'pending',
        savePaymentMethod: save,
      })
      const checkout = await this.#open(payment, gateway, {
        paymentId: payment.id,
        tenantId: tenant.id,
        walletId: wallet.id,
        amountMicros: micros,
        currency,
        description: `${tenant.branding.appName} wallet recharge`,
        brandName: tenant.branding.appName,
        returnUrl: `${request.baseUrl}/portal/wallet/paypal/return`,
        cancelUrl: `${request.baseUrl}/portal/wallet/paypal/cancel`,
        savePaymentMethod: save,
        customerRef: wallet.gatewayCustomerRef && wallet.autoRechargeGateway === gateway.name ? wallet.gatewayCustomerRef : null,
        idempotencyKey: `brandline-payment-${payment.id}`,
      })
      return { payment, checkout }
    })
  }

  /**
   * Asks the gateway how a checkout stands (PayPal: captures it) and records the outcome. The
   * completion carries what a page needs to go on (Stripe's client secret).
   */
  complete(tenant: TenantSnapshot, payment: Payment): Promise<{ payment: Payment; completion: Completion | null }> {
    return runForTenant(tenant, async () => {
      if (payment.creditedAt || !payment.gatewayRef) return { payment, completion: null }
      const gateway = await payments.use(tenant, payment.gateway, { allowDisabled: true })
      let completion: Completion
      try {
        completion = await gateway.complete(payment.gatewayRef)
      } catch (error) {
        throw gatewayFailure(error)
      }
      await this.record(payment, completion)
      return { payment: await Payment.findOrFail(payment.id), completion }
    })
  }

  /** The buyer gave up on the gateway's page (PayPal's cancel link). */
  cancel(tenant: TenantSnapshot, payment: Payment) {
    return runForTenant(tenant, () => this.markFailed(payment, 'Cancelled by the buyer'))
  }

  /** Applies a gateway's answer: credit on success, note a failure, leave a pending one alone. */
  async record(payment: Payment, result: Checkout & Partial<Completion>, client?: Trx): Promise<CreditOutcome | 'failed' | 'pending'> {
    if (result.status === 'succeeded' && result.amountMicros !== undefined && result.currency) {
      return this.markSucceeded(payment, { ...result, gateway: payment.gateway, amountMicros: result.amountMicros, currency: result.currency }, client)
    }
    if (result.status === 'failed') {
      await this.markFailed(payment, result.failureMessage ?? 'The payment did not go through', client)
      return 'failed'
    }
    return 'pending'
  }

  /**
   * The one place a recharge credits a wallet. Under a lock on the payment row it moves the
   * payment to succeeded only if it was never credited, checks that the gateway captured
   * exactly what was asked, and writes the credit in the same transaction.
   */
  async markSucceeded(payment: Payment, captured: Captured, client?: Trx): Promise<CreditOutcome> {
    const run = async (trx: Trx): Promise<CreditOutcome> => {
      const row = await Payment.query({ client: trx }).where('id', payment.id).forUpdate().firstOrFail()
      if (row.creditedAt) return 'already_credited'
      const sameRef = !captured.gatewayRef || !row.gatewayRef || captured.gatewayRef === row.gatewayRef
      if (row.gateway !== captured.gateway || !sameRef || row.amountMicros !== captured.amountMicros || row.currency !== captured.currency) {
        logger.error(
          { tenantId: row.tenantId, paymentId: row.id, expected: [row.amountMicros, row.currency], captured: [captured.amountMicros, captured.currency] },
          'payment capture does not match the payment; not credited'
        )
        return 'mismatch'
      }
      row.merge({ status: 'succeeded', creditedAt: DateTime.now(), failureMessage: null, gatewayRef: row.gatewayRef ?? captured.gatewayRef ?? null })
      await row.useTransaction(trx).save()
      const label = GATEWAY_LABELS[row.gateway] ?? row.gateway
      await walletService.credit(
        row.walletId,
        {
          amountMicros: row.amountMicros,
          category: 'recharge',
          reference: { type: 'payment', id: row.id },
          description: row.purpose === 'auto_recharge' ? `Automatic recharge via ${label}` : `Recharge via ${label}`,
        },
        'credit',
        trx
      )
      await this.#afterCredit(row, captured, trx)
      return 'credited'
    }
    return client ? run(client) : db.transaction(run)
  }

  /** A payment that will not complete; a credited one is never turned back. */
  async markFailed(payment: Payment, message: string, client?: Trx) {
    const run = async (trx: Trx) => {
      const row = await Payment.query({ client: trx }).where('id', payment.id).forUpdate().firstOrFail()
      if (row.creditedAt || row.status === 'failed') return
      row.merge({ status: 'failed', failureMessage: message.slice(0, 255) })
      await row.useTransaction(trx).save()
    }
    return client ? run(client) : db.transaction(run)
  }

  /** Keeps a method the buyer chose to save, and closes a due auto-recharge. */
  async #afterCredit(row: Payment, captured: Captured, trx: Trx) {
    const changes: Record<string, unknown> = {}
    if (row.savePaymentMethod && captured.paymentMethodRef) {
      changes.gateway_payment_method_ref = captured.paymentMethodRef
      changes.gateway_customer_ref = captured.customerRef ?? null
      changes.payment_method_label = (captured.paymentMethodLabel ?? 'Saved payment method').slice(0, 80)
      changes.auto_recharge_gateway = row.gateway
    }
    if (row.purpose === 'auto_recharge') {
      Object.assign(changes, { auto_recharge_due_at: null, auto_recharge_failures: 0, auto_recharge_last_error: null })
    }
    if (Object.keys(changes).length) await Wallet.query({ client: trx }).where('id', row.walletId).update(changes)
  }

  async #open(payment: Payment, gateway: PaymentGateway, request: Parameters<PaymentGateway['createCheckout']>[0]) {
    let checkout: Checkout
    try {
      checkout = await gateway.createCheckout(request)
    } catch (error) {
      await this.markFailed(payment, (error as Error).message)
      throw gatewayFailure(error)
    }
    payment.gatewayRef = checkout.gatewayRef
    payment.status = checkout.status === 'requires_action' ? 'requires_action' : checkout.status === 'failed' ? 'failed' : 'pending'
    await payment.save()
    return checkout
  }
}

const recharges = new RechargeService()
export default recharges
