import {
  ApiError,
  CheckoutPaymentIntent,
  Client,
  Environment,
  OrdersController,
  PaymentsController,
  PaypalExperienceUserAction,
  PaypalWalletContextShippingPreference,
  type OAuthToken,
  type Order,
} from '@paypal/paypal-server-sdk'
import { decimalToMicros, microsToDecimal } from '#services/money/amounts'
import { toPaymentEvent } from './paypal_events.js'
import {
  InvalidWebhookError,
  PaymentGatewayError,
  type Checkout,
  type CheckoutRequest,
  type Completion,
  type PaymentEvent,
  type PaymentGateway,
  type RefundResult,
} from '../contract.js'

export interface PaypalDriverOptions {
  clientId: string
  clientSecret: string
  webhookId: string | null
  mode: 'sandbox' | 'live'
  timeoutMs: number
  toleranceSeconds: number
}

/** The SDK's own base URLs (it offers no override); the webhook check goes to the same host. */
const API_BASE = { sandbox: 'https://api-m.sandbox.paypal.com', live: 'https://api-m.paypal.com' }
const TRANSMISSION_HEADERS = ['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo']

/**
 * PayPal Orders v2 through @paypal/paypal-server-sdk: create an order, send the buyer to
 * PayPal to approve it, capture it when they come back. The order id is the payment's
 * gateway ref; refunds look up its capture. Off-session charges need PayPal vaulting,
 * which Brandline does not use, so auto-recharge runs on card gateways only.
 */
export class PaypalDriver implements PaymentGateway {
  readonly name = 'paypal' as const
  readonly supportsOffSession = false
  #orders: OrdersController
  #payments: PaymentsController
  #client: Client
  #token: OAuthToken | undefined

  constructor(private options: PaypalDriverOptions) {
    this.#client = new Client({
      clientCredentialsAuthCredentials: {
        oAuthClientId: options.clientId,
        oAuthClientSecret: options.clientSecret,
        oAuthOnTokenUpdate: (token) => (this.#token = token),
      },
      environment: options.mode === 'live' ? Environment.Production : Environment.Sandbox,
      timeout: options.timeoutMs,
    })
    this.#orders = new OrdersController(this.#client)
    this.#payments = new PaymentsController(this.#client)
  }

  /** Creates a CAPTURE order; the buyer approves it on PayPal and returns to `returnUrl`. */
  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const { result } = await this.#call(() =>
      this.#orders.createOrder({
        paypalRequestId: request.idempotencyKey,
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [
            {
              customId: String(request.paymentId),
              description: request.description.slice(0, 127),
              amount: { currencyCode: request.currency, value: microsToDecimal(request.amountMicros, request.currency) },
            },
          ],
          paymentSource: {
            paypal: {
              experienceContext: {
                returnUrl: request.returnUrl,
                cancelUrl: request.cancelUrl,
                brandName: request.brandName?.slice(0, 127),
                userAction: PaypalExperienceUserAction.PayNow,
                shippingPreference: PaypalWalletContextShippingPreference.NoShipping,
              },
            },
          },
        },
      })
    )
    const approve = result.links?.find((link) => link.rel === 'approve' || link.rel === 'payer-action')
    if (!result.id || !approve) throw new PaymentGatewayError('PayPal returned an order without an approval link')
    return { gatewayRef: result.id, status: 'pending', redirectUrl: approve.href }
  }

  /** Captures the approved order (once: a second call reads the capture already made). */
  async complete(orderId: string): Promise<Completion> {
    let order: Order
    try {
      order = (await this.#orders.captureOrder({ id: orderId, paypalRequestId: `capture-${orderId}` })).result
    } catch (error) {
      if (issueOf(error) !== 'ORDER_ALREADY_CAPTURED') throw asGatewayError(error)
      order = (await this.#call(() => this.#orders.getOrder({ id: orderId }))).result
    }
    const capture = order.purchaseUnits?.[0]?.payments?.captures?.[0]
    if (!capture?.amount) return { gatewayRef: orderId, status: 'failed', amountMicros: 0, currency: '', failureMessage: 'PayPal captured nothing' }
    const done = capture.status === 'COMPLETED'
    return {
      gatewayRef: orderId,
      status: done ? 'succeeded' : capture.status === 'PENDING' ? 'pending' : 'failed',
      amountMicros: decimalToMicros(capture.amount.value),
      currency: capture.amount.currencyCode,
      failureMessage: done ? null : `PayPal capture is ${capture.status}`,
    }
  }

  async chargeOffSession(): Promise<Completion> {
    throw new PaymentGatewayError('PayPal cannot charge without the buyer present', 'unsupported')
  }

  /** Refunds part or all of the order's capture. */
  async refund(orderId: string, amountMicros: number, currency: string, idempotencyKey: string): Promise<RefundResult> {
    const { result: order } = await this.#call(() => this.#orders.getOrder({ id: orderId }))
    const captureId = order.purchaseUnits?.[0]?.payments?.captures?.[0]?.id
    if (!captureId) throw new PaymentGatewayError('This PayPal order has no capture to refund', 'unsupported')
    const { result } = await this.#call(() =>
      this.#payments.refundCapturedPayment({
        captureId,
        paypalRequestId: idempotencyKey,
        body: { amount: { currencyCode: currency, value: microsToDecimal(amountMicros, currency) } },
      })
    )
    const status = result.status === 'COMPLETED' ? 'succeeded' : result.status === 'PENDING' ? 'pending' : 'failed'
    return { gatewayRef: result.id ?? captureId, status, amountMicros }
  }

  /**
   * PayPal's documented check: POST /v1/notifications/verify-webhook-signature with the
   * transmission headers, this brand's webhook id and the event exactly as received.
   */
  async verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<PaymentEvent> {
    if (!this.options.webhookId) throw new InvalidWebhookError('No PayPal webhook id is set')
    const sent: Record<string, string> = {}
    for (const name of TRANSMISSION_HEADERS) {
      const value = headers[name]
      if (typeof value !== 'string' || !value) throw new InvalidWebhookError(`Missing ${name} header`)
      sent[name] = value
    }
    const sentAt = Date.parse(sent['paypal-transmission-time'])
    if (!Number.isFinite(sentAt) || Math.abs(Date.now() - sentAt) > this.options.toleranceSeconds * 1000) {
      throw new InvalidWebhookError('The PayPal transmission time is outside the tolerance')
    }
    let event: any
    try {
      event = JSON.parse(rawBody)
    } catch {
      throw new InvalidWebhookError('The body is not JSON')
    }
    if ((await this.#verifySignature(sent, rawBody)) !== 'SUCCESS') throw new InvalidWebhookError('PayPal did not confirm the signature')
    return toPaymentEvent(event)
  }

  /** Sends the raw body inside the request unchanged, so PayPal checks the bytes it signed. */
  async #verifySignature(sent: Record<string, string>, rawBody: string) {
    const fields = JSON.stringify({
      auth_algo: sent['paypal-auth-algo'],
      cert_url: sent['paypal-cert-url'],
      transmission_id: sent['paypal-transmission-id'],
      transmission_sig: sent['paypal-transmission-sig'],
      transmission_time: sent['paypal-transmission-time'],
      webhook_id: this.options.webhookId,
    })
    const body = `${fields.slice(0, -1)},"webhook_event":${rawBody}}`
    try {
      this.#token = await this.#client.clientCredentialsAuthManager.updateToken(this.#token)
      const response = await fetch(`${API_BASE[this.options.mode]}/v1/notifications/verify-webhook-signature`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${this.#token.accessToken}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      if (!response.ok) return 'FAILURE'
      return ((await response.json()) as { verification_status?: string }).verification_status
    } catch (error) {
      throw asGatewayError(error)
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

/** The `issue` of a PayPal error response (e.g. ORDER_ALREADY_CAPTURED, INSTRUMENT_DECLINED). */
function issueOf(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null
  let body: any = error.result
  if (!body && typeof error.body === 'string') {
    try {
      body = JSON.parse(error.body)
    } catch {
      body = null
    }
  }
  return body?.details?.[0]?.issue ?? body?.name ?? null
}

function asGatewayError(error: unknown): Error {
  if (error instanceof PaymentGatewayError) return error
  if (error instanceof ApiError) {
    const issue = issueOf(error)
    if (issue === 'INSTRUMENT_DECLINED' || issue === 'PAYER_ACTION_REQUIRED') return new PaymentGatewayError('PayPal declined the payment', 'declined')
    if (error.statusCode === 401 || error.statusCode === 403) return new PaymentGatewayError('PayPal refused the brand\'s credentials', 'misconfigured')
    if (error.statusCode < 500) return new PaymentGatewayError(`PayPal refused the request${issue ? ` (${issue})` : ''}`, 'misconfigured')
  }
  return new PaymentGatewayError('PayPal could not be reached', 'unavailable')
}
