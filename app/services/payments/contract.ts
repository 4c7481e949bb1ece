/**
 * One contract for every payment gateway a brand can switch on. Drivers (stripe, paypal,
 * fake) speak their gateway's protocol; the wallet code above them only sees these shapes.
 * Amounts crossing this boundary are integer micro-units plus an ISO currency; drivers
 * convert to the gateway's minor units or decimal strings (see money/amounts.ts).
 */
export type GatewayName = 'stripe' | 'paypal' | 'fake'
export const GATEWAYS: GatewayName[] = ['stripe', 'paypal', 'fake']

/** Stripe payment method families a tenant can enable; Apple and Google Pay ride on `card`. */
export type StripeMethod = 'card' | 'apple_pay' | 'google_pay' | 'cashapp'

export interface CheckoutRequest {
  /** Our payments row id, sent to the gateway as metadata / custom_id / invoice id. */
  paymentId: number
  tenantId: number
  walletId: number
  amountMicros: number
  currency: string
  description: string
  /** Where PayPal sends the buyer back after approval (and where a cancel lands). */
  returnUrl: string
  cancelUrl: string
  /** Keep the payment method for off-session auto-recharge (Stripe only). */
  savePaymentMethod: boolean
  /** Gateway customer id already saved on the wallet, if any. */
  customerRef: string | null
  /** Forwarded to the gateway as its own idempotency key. */
  idempotencyKey: string
  /** Shown to the buyer on the gateway's pages (PayPal). */
  brandName?: string
}

export type CheckoutStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed'

export interface Checkout {
  /** The gateway's id: PaymentIntent id (pi_...), PayPal order id, fake id. */
  gatewayRef: string
  status: CheckoutStatus
  /** Stripe: for stripe.js to confirm on the page. Never logged. */
  clientSecret?: string | null
  /** PayPal: the buyer's approval link. Fake: the local checkout page. */
  redirectUrl?: string | null
  /** Set when the gateway made or reused a customer (Stripe). */
  customerRef?: string | null
  /** A payment method saved for off-session charges, and how to show it ("Visa •••• 4242"). */
  paymentMethodRef?: string | null
  paymentMethodLabel?: string | null
  failureMessage?: string | null
}

/** A checkout's outcome as the gateway reports it: what it actually captured. */
export type Completion = Checkout & { amountMicros: number; currency: string }

export interface OffSessionRequest {
  paymentId: number
  tenantId: number
  walletId: number
  amountMicros: number
  currency: string
  customerRef: string
  paymentMethodRef: string
  idempotencyKey: string
}

export interface RefundResult {
  gatewayRef: string
  status: 'succeeded' | 'pending' | 'failed'
  amountMicros: number
}

/**
 * A webhook, verified and reduced to what the wallet needs. `eventId` is the gateway's own
 * id, so a replay is recognised; `createdAt` lets the caller refuse stale deliveries.
 */
export interface PaymentEvent {
  eventId: string
  /** `payment.approved`: the buyer approved but nothing is captured yet (PayPal); capture, then credit. */
  type: 'payment.succeeded' | 'payment.approved' | 'payment.failed' | 'refund.succeeded' | 'ignored'
  gatewayRef: string | null
  /** Our payments row id when the gateway echoes our metadata. */
  paymentId: number | null
  amountMicros: number | null
  currency: string | null
  customerRef?: string | null
  paymentMethodRef?: string | null
  paymentMethodLabel?: string | null
  createdAt: Date
  failureMessage?: string | null
}

export interface PaymentGateway {
  readonly name: GatewayName
  /** Whether the gateway can charge a saved method with nobody present (auto-recharge). */
  readonly supportsOffSession: boolean
  /** Starts a wallet recharge. */
  createCheckout(request: CheckoutRequest): Promise<Checkout>
  /** PayPal: captures an approved order. Stripe: reports the PaymentIntent's current status. */
  complete(gatewayRef: string): Promise<Completion>
  /** Charges a saved payment method without the user present (auto-recharge); a decline is `failed`. */
  chargeOffSession(request: OffSessionRequest): Promise<Completion>
  refund(gatewayRef: string, amountMicros: number, currency: string, idempotencyKey: string): Promise<RefundResult>
  /**
   * Verifies a webhook delivery against this tenant's secret and returns the event, or throws
   * `InvalidWebhookError` (bad or missing signature, tampered body, older than 300 s).
   */
  verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<PaymentEvent>
}

export class PaymentGatewayError extends Error {
  constructor(
    message: string,
    readonly code: 'declined' | 'unavailable' | 'misconfigured' | 'unsupported' = 'unavailable'
  ) {
    super(message)
  }
}

export class InvalidWebhookError extends Error {}
