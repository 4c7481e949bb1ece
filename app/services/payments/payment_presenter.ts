import type Payment from '#models/payment'
import type PaymentRefund from '#models/payment_refund'
import type { Checkout } from './contract.js'
import { money } from '#services/money/wallet_presenter'

/** A payment as its owner and the API see it: no gateway secrets, amounts exact and as decimals. */
export function serializePayment(payment: Payment, checkout?: Checkout) {
  const c = payment.currency
  return {
    id: payment.id,
    status: payment.status,
    gateway: payment.gateway,
    purpose: payment.purpose,
    amount: money(payment.amountMicros, c),
    refunded: money(payment.refundedMicros, c),
    failureMessage: payment.failureMessage,
    createdAt: payment.createdAt.toISO(),
    creditedAt: payment.creditedAt?.toISO() ?? null,
    /** Only on the answer that starts a checkout: stripe.js needs the client secret, PayPal and the fake a page. */
    ...(checkout ? { clientSecret: checkout.clientSecret ?? null, redirectUrl: checkout.redirectUrl ?? null } : {}),
  }
}

export function serializeRefund(refund: PaymentRefund, currency: string) {
  return {
    id: refund.id,
    paymentId: refund.paymentId,
    amount: money(refund.amountMicros, currency),
    reason: refund.reason,
    status: refund.status,
    createdAt: refund.createdAt.toISO(),
  }
}
