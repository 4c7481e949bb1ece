import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import walletService from '#services/money/wallet_service'
import { formatMicros } from '#services/money'
import { InsufficientFundsException, MoneyException, invalidAmount } from '#services/money/errors'
import { microsPerMinor } from '#services/money/amounts'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import payments from './manager.js'
import { gatewayFailure } from './gateway_errors.js'
import { amountMicrosOf, type AmountInput } from './recharge_input.js'
import { GATEWAY_LABELS } from './recharge_service.js'
import type { RefundResult } from './contract.js'

type Trx = TransactionClientContract

export interface RefundRequest extends AmountInput {
  reason: string
}

/**
 * Refunds of wallet recharges back to the buyer, by the brand's staff. The wallet is debited
 * first (kind refund, category recharge), in the same transaction that checks what is left to
 * refund and what the wallet can give back; only then is the gateway asked. If the gateway
 * refuses, the debit is returned to the wallet and the refund is marked failed.
 */
export class RefundService {
  refund(tenant: TenantSnapshot, actorId: number | null, paymentId: number, request: RefundRequest) {
    return runForTenant(tenant, async () => {
      const payment = await Payment.findOrFail(paymentId)
      const asked = this.#asked(payment, request)
      const refund = await db.transaction((trx) => this.#debit(payment, asked, request.reason, actorId, trx))
      let result: RefundResult
      try {
        const gateway = await payments.use(tenant, payment.gateway, { allowDisabled: true })
        result = await gateway.refund(payment.gatewayRef!, refund.amountMicros, payment.currency, `brandline-refund-${refund.id}`)
      } catch (error) {
        await this.#reverse(refund, (error as Error).message)
        throw gatewayFailure(error)
      }
      if (result.status === 'failed') {
        await this.#reverse(refund, 'The gateway declined the refund')
        throw new MoneyException('The gateway declined the refund; the wallet was not charged', { status: 422, code: 'REFUND_DECLINED' })
      }
      refund.merge({ status: result.status, gatewayRef: result.gatewayRef })
      await refund.save()
      return { payment: await Payment.findOrFail(payment.id), refund }
    })
  }

  /**
   * A refund the gateway reports that Brandline did not start (made in the gateway's own
   * dashboard): the wallet gives the money back too. `refundedMicros` is the gateway's total.
   */
  async reconcile(payment: Payment, refundedMicros: number, trx: Trx) {
    const row = await Payment.query({ client: trx }).where('id', payment.id).forUpdate().firstOrFail()
    const extra = Math.min(refundedMicros, row.amountMicros) - row.refundedMicros
    if (extra <= 0 || !row.creditedAt) return 'refund_known'
    try {
      await this.#record(row, extra, 'Refunded at the gateway', null, 'succeeded', trx)
    } catch (error) {
      if (!(error instanceof InsufficientFundsException)) throw error
      logger.error({ tenantId: row.tenantId, paymentId: row.id, extra }, 'gateway refund exceeds the wallet balance; not debited')
      return 'refund_unbalanced'
    }
    return 'refund_recorded'
  }

  /** The amount to refund: what was asked, in whole minor units, or everything not yet refunded. */
  #asked(payment: Payment, request: RefundRequest) {
    if ((request.amount ?? null) === null && (request.amountMicros ?? null) === null) return { micros: null, field: 'amount' }
    const { micros, field } = amountMicrosOf(request)
    if (!Number.isSafeInteger(micros) || micros <= 0) throw invalidAmount(field, 'The refund must be more than zero')
    if (micros % microsPerMinor(payment.currency) !== 0) throw invalidAmount(field, `Refunds are in whole ${payment.currency} minor units`)
    return { micros, field }
  }

  async #debit(payment: Payment, asked: { micros: number | null; field: string }, reason: string, actorId: number | null, trx: Trx) {
    const row = await Payment.query({ client: trx }).where('id', payment.id).forUpdate().firstOrFail()
    if (!row.creditedAt || !row.gatewayRef) {
      throw new MoneyException('Only a completed recharge can be refunded', { status: 422, code: 'PAYMENT_NOT_REFUNDABLE' })
    }
    const left = row.amountMicros - row.refundedMicros
    const micros = asked.micros ?? left
    if (left <= 0) throw new MoneyException('This payment is already fully refunded', { status: 422, code: 'PAYMENT_NOT_REFUNDABLE' })
    if (micros > left) throw invalidAmount(asked.field, `At most ${formatMicros(left, row.currency)} of this payment can still be refunded`)
    try {
      return await this.#record(row, micros, reason, actorId, 'pending', trx)
    } catch (error) {
      if (!(error instanceof InsufficientFundsException)) throw error
      const available = formatMicros(error.availableMicros, row.currency)
      throw invalidAmount(asked.field, `The wallet has only ${available} available, less than the refund`)
    }
  }

  /** The refund row, the wallet debit and the payment's refunded total, in one transaction. */
  async #record(row: Payment, micros: number, reason: string, actorId: number | null, status: 'pending' | 'succeeded', trx: Trx) {
    const refund = await PaymentRefund.create({ paymentId: row.id, amountMicros: micros, reason, actorId, status }, { client: trx })
    const label = GATEWAY_LABELS[row.gateway] ?? row.gateway
    await walletService.debit(
      row.walletId,
      { amountMicros: micros, category: 'recharge', reference: { type: 'payment', id: row.id }, description: `Refund to ${label}: ${reason}`, actorId },
      'refund',
      trx
    )
    row.refundedMicros += micros
    row.status = row.refundedMicros >= row.amountMicros ? 'refunded' : 'partially_refunded'
    await row.useTransaction(trx).save()
    return refund
  }

  /** Gives a refund the gateway refused back to the wallet; the ledger keeps both lines. */
  async #reverse(refund: PaymentRefund, message: string) {
    await db.transaction(async (trx) => {
      const row = await Payment.query({ client: trx }).where('id', refund.paymentId).forUpdate().firstOrFail()
      row.refundedMicros -= refund.amountMicros
      row.status = row.refundedMicros > 0 ? 'partially_refunded' : 'succeeded'
      await row.useTransaction(trx).save()
      await walletService.credit(
        row.walletId,
        { amountMicros: refund.amountMicros, category: 'recharge', reference: { type: 'payment', id: row.id }, description: 'Refund did not go through; amount returned' },
        'adjustment',
        trx
      )
      refund.merge({ status: 'failed', failureMessage: message.slice(0, 255) })
      await refund.useTransaction(trx).save()
    })
  }
}

const refunds = new RefundService()
export default refunds
