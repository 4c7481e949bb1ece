import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { microsToMinor } from '#services/money/amounts'
import {
  InvalidWebhookError,
  PaymentGatewayError,
  type Checkout,
  type CheckoutRequest,
  type Completion,
  type OffSessionRequest,
  type PaymentEvent,
  type PaymentGateway,
  type RefundResult,
} from '../contract.js'

export interface FakeDriverOptions {
  /** This brand's key (derived from APP_KEY); signs the events the checkout page delivers. */
  signingKey: string
  toleranceSeconds: number
}

export const FAKE_SIGNATURE_HEADER = 'x-fake-gateway-signature'
const DECLINED = 'The test card was declined (amounts ending in .13 always are)'

/** The event the fake checkout page delivers, shaped like a gateway's webhook. */
export interface FakeEventBody {
  id: string
  type: 'payment.succeeded' | 'payment.failed'
  created: number
  payment: { id: number; ref: string; amount_micros: number; currency: string; save_method: boolean }
}

/**
 * A gateway that needs no account and no network, for the quickstart and demos. Checkout
 * sends the buyer to a page on the brand where they press Pay or Decline; that page delivers
 * a signed, webhook-shaped event into the same processing path real gateways use.
 *
 * Off-session charges succeed unless the amount's last two minor digits are 13 (e.g. 10.13
 * or 25.13): those are declined, so a failing auto-recharge can be shown.
 */
export class FakeDriver implements PaymentGateway {
  readonly name = 'fake' as const
  readonly supportsOffSession = true

  constructor(private options: FakeDriverOptions) {}

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const page = new URL(`/portal/wallet/checkout/${request.paymentId}`, request.returnUrl)
    return {
      gatewayRef: `fake_pay_${randomBytes(10).toString('hex')}`,
      status: 'pending',
      redirectUrl: page.toString(),
      customerRef: request.customerRef ?? (request.savePaymentMethod ? `fake_cus_${request.walletId}` : null),
    }
  }

  /**
   * The fake keeps no state: an off-session charge's ref carries its own outcome, and a
   * checkout's outcome is reported by its page instead.
   */
  async complete(gatewayRef: string): Promise<Completion> {
    const match = /^fake_off_(ok|declined)_(\d+)_([A-Z]{3})_[0-9a-f]+$/.exec(gatewayRef)
    if (!match) throw new PaymentGatewayError('The fake gateway completes checkouts through its checkout page', 'unsupported')
    const [, outcome, micros, currency] = match
    return outcome === 'ok'
      ? { gatewayRef, status: 'succeeded', amountMicros: Number(micros), currency }
      : { gatewayRef, status: 'failed', amountMicros: 0, currency, failureMessage: DECLINED }
  }

  /** Same idempotency key, same charge: the ref is derived from it, as a real gateway would replay. */
  async chargeOffSession(request: OffSessionRequest): Promise<Completion> {
    const declined = isDeclineAmount(request.amountMicros, request.currency)
    const key = createHmac('sha256', this.options.signingKey).update(request.idempotencyKey).digest('hex').slice(0, 20)
    return this.complete(`fake_off_${declined ? 'declined' : 'ok'}_${request.amountMicros}_${request.currency}_${key}`)
  }

  async refund(_ref: string, amountMicros: number): Promise<RefundResult> {
    return { gatewayRef: `fake_re_${randomBytes(10).toString('hex')}`, status: 'succeeded', amountMicros }
  }

  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, refused when older than the tolerance. */
  async verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<PaymentEvent> {
    const header = headers[FAKE_SIGNATURE_HEADER]
    const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null
    if (!match) throw new InvalidWebhookError('Missing or malformed fake gateway signature')
    const timestamp = Number(match[1])
    const expected = Buffer.from(sign(this.options.signingKey, timestamp, rawBody), 'hex')
    if (!timingSafeEqual(expected, Buffer.from(match[2], 'hex'))) throw new InvalidWebhookError('Signature mismatch')
    if (Math.abs(Date.now() / 1000 - timestamp) > this.options.toleranceSeconds) throw new InvalidWebhookError('Stale event')
    const body = JSON.parse(rawBody) as FakeEventBody
    const saved = body.type === 'payment.succeeded' && body.payment.save_method
    return {
      eventId: body.id,
      type: body.type,
      gatewayRef: body.payment.ref,
      paymentId: body.payment.id,
      amountMicros: body.type === 'payment.succeeded' ? body.payment.amount_micros : null,
      currency: body.payment.currency,
      customerRef: saved ? `fake_cus_${body.payment.id}` : null,
      paymentMethodRef: saved ? `fake_pm_${body.payment.id}` : null,
      paymentMethodLabel: saved ? 'Test card •••• 4242' : null,
      createdAt: new Date(body.created * 1000),
      failureMessage: body.type === 'payment.failed' ? 'Declined on the test checkout page' : null,
    }
  }
}

/** The signature header for a fake event, as the checkout page (or a test) sends it. */
export function signFakeEvent(signingKey: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)) {
  return `t=${timestamp},v1=${sign(signingKey, timestamp, rawBody)}`
}

/** Amounts the fake declines off-session: the last two minor digits are 13. */
export function isDeclineAmount(amountMicros: number, currency: string) {
  return microsToMinor(amountMicros, currency) % 100 === 13
}

function sign(key: string, timestamp: number, rawBody: string) {
  return createHmac('sha256', key).update(`${timestamp}.${rawBody}`).digest('hex')
}
