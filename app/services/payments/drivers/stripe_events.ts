/**
 * Stripe objects reduced to what the wallet needs: what a PaymentIntent captured, and the
 * three webhook events Brandline acts on.
 */
import type Stripe from 'stripe'
import { minorToMicros } from '#services/money/amounts'
import type { PaymentEvent } from '../contract.js'

/** An expandable Stripe field's id, whether Stripe sent the id or the object. */
export function refId(value: string | { id: string } | null | undefined) {
  return typeof value === 'string' ? value : (value?.id ?? null)
}

/** What a PaymentIntent captured, and the method it saved for later when it was asked to. */
export function received(intent: Stripe.PaymentIntent) {
  const currency = intent.currency.toUpperCase()
  const saved = intent.setup_future_usage === 'off_session' && intent.customer
  const charge: any = (intent as any).latest_charge ?? (intent as any).charges?.data?.[0]
  const card = typeof charge === 'object' ? charge?.payment_method_details?.card : null
  return {
    amountMicros: minorToMicros(intent.amount_received ?? 0, currency),
    currency,
    paymentMethodRef: saved ? refId(intent.payment_method as any) : null,
    paymentMethodLabel: saved ? (card ? `${capitalize(card.brand)} •••• ${card.last4}` : 'Card saved with Stripe') : null,
  }
}

function capitalize(text: string) {
  return text ? text[0].toUpperCase() + text.slice(1) : text
}

/** The three event types Brandline acts on; every other one is acknowledged and ignored. */
export function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const base = { eventId: event.id, createdAt: new Date(event.created * 1000) }
  const object: any = event.data.object
  if (event.type === 'payment_intent.succeeded' || event.type === 'payment_intent.payment_failed') {
    const intent = object as Stripe.PaymentIntent
    const { amountMicros, currency, paymentMethodRef, paymentMethodLabel } = received(intent)
    const succeeded = event.type === 'payment_intent.succeeded'
    return {
      ...base,
      type: succeeded ? 'payment.succeeded' : 'payment.failed',
      gatewayRef: intent.id,
      paymentId: paymentIdOf(intent.metadata),
      amountMicros: succeeded ? amountMicros : null,
      currency,
      customerRef: refId(intent.customer),
      paymentMethodRef,
      paymentMethodLabel,
      failureMessage: intent.last_payment_error?.message ?? null,
    }
  }
  if (event.type === 'charge.refunded') {
    const currency = String(object.currency).toUpperCase()
    return {
      ...base,
      type: 'refund.succeeded',
      gatewayRef: refId(object.payment_intent),
      paymentId: paymentIdOf(object.metadata),
      /** Cumulative: everything refunded on this charge so far. */
      amountMicros: minorToMicros(object.amount_refunded, currency),
      currency,
    }
  }
  return { ...base, type: 'ignored', gatewayRef: null, paymentId: null, amountMicros: null, currency: null }
}

function paymentIdOf(metadata: Record<string, string> | null | undefined) {
  const id = Number(metadata?.payment_id)
  return Number.isSafeInteger(id) && id > 0 ? id : null
}
