import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Payment from '#models/payment'
import PaymentEvent from '#models/payment_event'
import { MoneyException } from '#services/money/errors'
import { runForTenant } from '#tenants/context'
import { isUniqueViolation } from '#tenants/config/service'
import type { TenantSnapshot } from '#tenants/snapshot'
import payments from './manager.js'
import recharges from './recharge_service.js'
import refunds from './refund_service.js'
import { gatewayFailure } from './gateway_errors.js'
import { InvalidWebhookError, type Completion, type PaymentEvent as GatewayEvent, type PaymentGateway } from './contract.js'

type Headers = Record<string, string | string[] | undefined>

/** A delivery that is not provably from this brand's gateway, or is too old: refused, nothing done. */
export class WebhookSignatureException extends MoneyException {
  constructor(reason: string) {
    super(`The webhook could not be verified: ${reason}`, { status: 400, code: 'WEBHOOK_SIGNATURE_INVALID' })
  }
}

/**
 * Payment webhooks, per brand: the host's tenant is the only one whose secret is tried, and
 * the only one whose payments can be found. Each event is recorded once (unique per tenant,
 * gateway and event id) in the same transaction as its effect, so a replay changes nothing.
 */
export class WebhookService {
  handle(tenant: TenantSnapshot, gatewayName: string, rawBody: string, headers: Headers) {
    return runForTenant(tenant, async () => {
      const gateway = await this.#gateway(tenant, gatewayName)
      const event = await this.#verify(gateway, rawBody, headers)
      const known = await PaymentEvent.query().where('gateway', gateway.name).where('event_id', event.eventId).first()
      if (known) return this.#log(tenant, gateway.name, event, 'duplicate')
      const payment = await this.#paymentFor(gateway.name, event)
      const captured = await this.#captureApproved(gateway, event, payment)
      const outcome = await db.transaction(async (trx) => {
        try {
          await PaymentEvent.create(
            { gateway: gateway.name, eventId: event.eventId, type: event.type, paymentId: payment?.id ?? null, outcome: 'processing' },
            { client: trx }
          )
        } catch (error) {
          if (isUniqueViolation(error)) return 'duplicate'
          throw error
        }
        const result = await this.#apply(event, payment, captured, trx)
        await PaymentEvent.query({ client: trx }).where('gateway', gateway.name).where('event_id', event.eventId).update({ outcome: result })
        return result
      })
      return this.#log(tenant, gateway.name, event, outcome)
    })
  }

  async #gateway(tenant: TenantSnapshot, name: string) {
    if (!payments.isGateway(name)) throw new MoneyException('No such payment gateway', { status: 404, code: 'NOT_FOUND' })
    try {
      return await payments.use(tenant, name, { allowDisabled: true })
    } catch (error) {
      if (error instanceof MoneyException) throw new WebhookSignatureException(`${name} is not set up for this brand`)
      throw error
    }
  }

  async #verify(gateway: PaymentGateway, rawBody: string, headers: Headers) {
    try {
      return await gateway.verifyWebhook(rawBody, headers)
    } catch (error) {
      if (error instanceof InvalidWebhookError) throw new WebhookSignatureException(error.message)
      throw gatewayFailure(error)
    }
  }

  /** Our payment, found only within this tenant, by the id we sent and the gateway's own ref. */
  async #paymentFor(gateway: string, event: GatewayEvent) {
    if (event.paymentId) {
      const payment = await Payment.find(event.paymentId)
      const sameRef = !payment?.gatewayRef || !event.gatewayRef || payment.gatewayRef === event.gatewayRef
      if (payment && payment.gateway === gateway && sameRef) return payment
    }
    if (!event.gatewayRef) return null
    return Payment.query().where('gateway', gateway).where('gateway_ref', event.gatewayRef).first()
  }

  /** An approved PayPal order is captured before the transaction (a network call); capturing twice is harmless. */
  async #captureApproved(gateway: PaymentGateway, event: GatewayEvent, payment: Payment | null): Promise<Completion | null> {
    if (event.type !== 'payment.approved' || !payment?.gatewayRef || payment.creditedAt) return null
    try {
      return await gateway.complete(payment.gatewayRef)
    } catch (error) {
      throw gatewayFailure(error)
    }
  }

  async #apply(event: GatewayEvent, payment: Payment | null, captured: Completion | null, trx: TransactionClientContract) {
    if (event.type === 'ignored') return 'ignored'
    if (!payment) return 'no_payment'
    if (event.type === 'payment.succeeded') {
      if (event.amountMicros === null || !event.currency) return 'mismatch'
      return recharges.markSucceeded(
        payment,
        { ...event, gateway: payment.gateway, amountMicros: event.amountMicros, currency: event.currency },
        trx
      )
    }
    if (event.type === 'payment.approved') return captured ? recharges.record(payment, captured, trx) : 'already_credited'
    if (event.type === 'payment.failed') {
      await recharges.markFailed(payment, event.failureMessage ?? 'The payment failed at the gateway', trx)
      return 'failed'
    }
    return refunds.reconcile(payment, event.amountMicros ?? 0, trx)
  }

  #log(tenant: TenantSnapshot, gateway: string, event: GatewayEvent, outcome: string) {
    logger.info({ tenant: tenant.slug, gateway, eventId: event.eventId, type: event.type, outcome }, 'payment webhook')
    return { eventId: event.eventId, outcome }
  }
}

const webhooks = new WebhookService()
export default webhooks
