import Stripe from 'stripe'
import { microsToMinor, minorToMicros } from '#services/money/amounts'
import { received, refId, toPaymentEvent } from './stripe_events.js'
import {
  InvalidWebhookError,
  PaymentGatewayError,
  type Checkout,
  type CheckoutRequest,
  type CheckoutStatus,
  type Completion,
  type OffSessionRequest,
  type PaymentEvent,
  type PaymentGateway,
  type RefundResult,
} from '../contract.js'

export interface StripeDriverOptions {
  secretKey: string
  webhookSecret: string | null
  methods: { card: boolean; applePay: boolean; googlePay: boolean; cashApp: boolean }
  /** Another API base (a local stand-in); null for api.stripe.com. */
  apiBase: string | null
  timeoutMs: number
  toleranceSeconds: number
}

const STATUS: Record<string, CheckoutStatus> = {
  succeeded: 'succeeded',
  processing: 'pending',
  requires_payment_method: 'pending',
  requires_confirmation: 'pending',
  requires_capture: 'pending',
  requires_action: 'requires_action',
  canceled: 'failed',
}

/**
 * Stripe PaymentIntents. The browser confirms with stripe.js and the client secret; the
 * money is credited when the signed `payment_intent.succeeded` webhook (or a status check)
 * says so. Apple Pay and Google Pay are card wallets, so `card` carries them.
 */
export class StripeDriver implements PaymentGateway {
  readonly name = 'stripe' as const
  readonly supportsOffSession = true
  #stripe: Stripe

  constructor(private options: StripeDriverOptions) {
    this.#stripe = new Stripe(options.secretKey, {
      ...endpoint(options.apiBase),
      maxNetworkRetries: 0,
      timeout: options.timeoutMs,
      appInfo: { name: 'Brandline' },
    })
  }

  /** Creates a PaymentIntent (and a Customer when the method is to be saved). */
  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const types = this.#methodTypes(request.currency)
    return this.#call(async () => {
      let customer = request.customerRef
      if (request.savePaymentMethod && !customer) {
        const created = await this.#stripe.customers.create(
          { metadata: { tenant_id: String(request.tenantId), wallet_id: String(request.walletId) } },
          { idempotencyKey: `${request.idempotencyKey}:customer` }
        )
        customer = created.id
      }
      const intent = await this.#stripe.paymentIntents.create(
        {
          amount: microsToMinor(request.amountMicros, request.currency),
          currency: request.currency.toLowerCase(),
          /** `payment_method_types` before API 2026-10: the pinned API version names it this way. */
          allowed_payment_method_types: types,
          description: request.description,
          metadata: metadata(request),
          ...(customer ? { customer } : {}),
          ...(request.savePaymentMethod ? { setup_future_usage: 'off_session' as const } : {}),
        },
        { idempotencyKey: request.idempotencyKey }
      )
      return { ...this.#checkout(intent), customerRef: customer }
    })
  }

  /** Reads the PaymentIntent: what it captured and whether a method was saved with it. */
  async complete(gatewayRef: string): Promise<Completion> {
    return this.#call(async () => {
      const intent = await this.#stripe.paymentIntents.retrieve(gatewayRef, { expand: ['latest_charge'] })
      return { ...this.#checkout(intent), ...received(intent) }
    })
  }

  /** Charges the saved card for auto-recharge; a decline is a `failed` checkout, not an exception. */
  async chargeOffSession(request: OffSessionRequest): Promise<Completion> {
    try {
      const intent = await this.#stripe.paymentIntents.create(
        {
          amount: microsToMinor(request.amountMicros, request.currency),
          currency: request.currency.toLowerCase(),
          customer: request.customerRef,
          payment_method: request.paymentMethodRef,
          off_session: true,
          confirm: true,
          description: 'Automatic wallet recharge',
          metadata: metadata(request),
        },
        { idempotencyKey: request.idempotencyKey }
      )
      const completion = { ...this.#checkout(intent), ...received(intent) }
      return completion.status === 'requires_action'
        ? { ...completion, status: 'failed', failureMessage: 'The bank asks the cardholder to confirm this payment' }
        : completion
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        const intent = (error.raw as any)?.payment_intent
        return { gatewayRef: intent?.id ?? '', status: 'failed', failureMessage: error.message, amountMicros: 0, currency: request.currency }
      }
      throw asGatewayError(error)
    }
  }

  async refund(gatewayRef: string, amountMicros: number, currency: string, idempotencyKey: string): Promise<RefundResult> {
    return this.#call(async () => {
      const refund = await this.#stripe.refunds.create(
        { payment_intent: gatewayRef, amount: microsToMinor(amountMicros, currency) },
        { idempotencyKey }
      )
      const status = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'pending' ? 'pending' : 'failed'
      return { gatewayRef: refund.id, status, amountMicros: minorToMicros(refund.amount, currency) }
    })
  }

  /** `constructEvent` on the raw body with this brand's signing secret and a 300 s tolerance. */
  async verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<PaymentEvent> {
    const signature = headers['stripe-signature']
    if (!this.options.webhookSecret) throw new InvalidWebhookError('No Stripe webhook signing secret is set')
    if (typeof signature !== 'string') throw new InvalidWebhookError('Missing Stripe-Signature header')
    let event: Stripe.Event
    try {
      event = this.#stripe.webhooks.constructEvent(rawBody, signature, this.options.webhookSecret, this.options.toleranceSeconds)
    } catch (error) {
      throw new InvalidWebhookError((error as Error).message)
    }
    return toPaymentEvent(event)
  }

  /** Payment method types for this currency; Cash App Pay settles in US dollars only. */
  #methodTypes(currency: string): Stripe.PaymentIntentCreateParams.AllowedPaymentMethodType[] {
    const { card, applePay, googlePay, cashApp } = this.options.methods
    const types: Stripe.PaymentIntentCreateParams.AllowedPaymentMethodType[] = card || applePay || googlePay ? ['card'] : []
    if (cashApp && currency === 'USD') types.push('cashapp')
    if (!types.length) throw new PaymentGatewayError('No Stripe payment method is enabled for this currency', 'misconfigured')
    return types
  }

  #checkout(intent: Stripe.PaymentIntent): Checkout {
    return {
      gatewayRef: intent.id,
      status: STATUS[intent.status] ?? 'pending',
      clientSecret: intent.client_secret,
      customerRef: refId(intent.customer),
      failureMessage: intent.last_payment_error?.message ?? null,
    }
  }

  async #call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw asGatewayError(error)
    }
  }
}

/** Stripe's SDK options for an API base such as http://127.0.0.1:12111. */
function endpoint(apiBase: string | null) {
  if (!apiBase) return {}
  const url = new URL(apiBase)
  const protocol = url.protocol === 'http:' ? ('http' as const) : ('https' as const)
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol }
}

function metadata(request: { tenantId: number; walletId: number; paymentId: number }) {
  return { tenant_id: String(request.tenantId), wallet_id: String(request.walletId), payment_id: String(request.paymentId) }
}

/** Declines, bad keys and outages, told apart so the caller can answer 402, 422 or 502. */
function asGatewayError(error: unknown): Error {
  if (error instanceof PaymentGatewayError) return error
  if (error instanceof Stripe.errors.StripeCardError) return new PaymentGatewayError(error.message, 'declined')
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    return new PaymentGatewayError('Stripe refused the brand\'s API key', 'misconfigured')
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    return new PaymentGatewayError(`Stripe refused the request: ${error.message}`, 'misconfigured')
  }
  return new PaymentGatewayError('Stripe could not be reached', 'unavailable')
}
