import { decimalToMicros } from '#services/money/amounts'
import { InvalidWebhookError, type PaymentEvent } from '../contract.js'

/**
 * PAYMENT.CAPTURE.COMPLETED credits; CHECKOUT.ORDER.APPROVED asks for the capture (the buyer
 * may never come back to the return page); DENIED/DECLINED fail; the rest is acknowledged.
 */
export function toPaymentEvent(event: any): PaymentEvent {
  const eventId = String(event?.id ?? '')
  if (!eventId) throw new InvalidWebhookError('The event has no id')
  const created = Date.parse(event.create_time)
  const base = { eventId, createdAt: Number.isFinite(created) ? new Date(created) : new Date() }
  const resource = event.resource ?? {}
  if (event.event_type === 'CHECKOUT.ORDER.APPROVED' && resource.id) {
    const unit = resource.purchase_units?.[0]
    return { ...base, type: 'payment.approved', gatewayRef: String(resource.id), paymentId: paymentIdOf(unit?.custom_id), amountMicros: null, currency: null }
  }
  const linked = {
    gatewayRef: resource.supplementary_data?.related_ids?.order_id ?? null,
    paymentId: paymentIdOf(resource.custom_id),
  }
  if (event.event_type === 'PAYMENT.CAPTURE.COMPLETED' && resource.amount) {
    return {
      ...base,
      ...linked,
      type: 'payment.succeeded',
      amountMicros: decimalToMicros(String(resource.amount.value)),
      currency: String(resource.amount.currency_code),
    }
  }
  if (event.event_type === 'PAYMENT.CAPTURE.DENIED' || event.event_type === 'PAYMENT.CAPTURE.DECLINED') {
    return { ...base, ...linked, type: 'payment.failed', amountMicros: null, currency: null, failureMessage: 'PayPal declined the capture' }
  }
  return { ...base, type: 'ignored', gatewayRef: null, paymentId: null, amountMicros: null, currency: null }
}

/** Our payments row id, echoed back as the purchase unit's custom_id. */
function paymentIdOf(customId: unknown) {
  const id = Number(customId)
  return Number.isSafeInteger(id) && id > 0 ? id : null
}
