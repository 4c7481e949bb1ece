import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import Message from '#models/message'
import inbound from '#services/messaging/inbound'
import receipts from '#services/messaging/receipts'
import { acrossAllTenants } from '#tenants/context'
import { ok, sendError } from '#services/api_envelope'
import { CarrierEventError, SIGNATURE_HEADER, parseCarrierEvent, verifyCarrierWebhook } from '#telephony/drivers/http_mms_driver'
import type { MessagingConfig } from '#config/messaging'

/** URL names of the HTTP carriers -> the driver names their messages are stored under. */
const CARRIERS: Record<string, string> = { http: 'mms:http' }

/**
 * POST /webhooks/messages/:carrier on the platform host: a carrier's inbound SMS/MMS and
 * delivery statuses. Verified on the raw body with the platform's webhook secret; an inbound
 * message for a number nobody owns is refused (404) so the carrier stops retrying it.
 */
export default class MessagesWebhookController {
  async store(ctx: HttpContext) {
    const carrier = CARRIERS[ctx.params.carrier]
    if (!carrier) return sendError(ctx, 404, 'UNKNOWN_CARRIER', `No carrier named ${ctx.params.carrier} sends here`)
    const secret = app.config.get<MessagingConfig>('messaging').mms.webhookSecret
    if (!secret || !verifyCarrierWebhook(secret, ctx.request.header(SIGNATURE_HEADER), ctx.request.raw() ?? '')) {
      return sendError(ctx, 401, 'BAD_SIGNATURE', `The ${SIGNATURE_HEADER} header is missing, expired or does not match the body`)
    }
    let event
    try {
      event = parseCarrierEvent(carrier, ctx.request.body())
    } catch (error) {
      if (error instanceof CarrierEventError) return sendError(ctx, 422, 'INVALID_EVENT', error.message)
      throw error
    }
    if (event.type === 'ignored') return ok({ handled: false, reason: event.reason })
    if (event.type === 'receipt') {
      await receipts.receive(event.receipt)
      return ok({ handled: true })
    }
    const seen = await alreadyReceived(carrier, event.message.carrierMessageId)
    if (seen) return ok({ handled: true, messageId: seen.id })
    const verdict = await inbound.receive(event.message)
    if (!verdict.accepted) return sendError(ctx, 404, 'NUMBER_NOT_SERVED', `The message was not taken: ${verdict.reason}`)
    return ok({ handled: true, messageId: verdict.messageId })
  }
}

/** A carrier retrying a delivery we already took gets the same answer, not a second message. */
function alreadyReceived(carrier: string, carrierMessageId: string | null | undefined) {
  if (!carrierMessageId) return null
  return acrossAllTenants('inbound message deduplication', () =>
    Message.query().where('carrier', carrier).where('carrier_message_id', carrierMessageId).where('direction', 'inbound').first()
  )
}
