import { createHmac, timingSafeEqual } from 'node:crypto'
import type { HttpMmsSettings } from '#telephony/messaging/manager'
import {
  MessagingSubmitError,
  type DeliveryReceipt,
  type InboundMessage,
  type MessagingDriver,
  type MessagingEvents,
  type OutboundMessage,
  type ReceiptStatus,
  type SubmitResult,
} from '#telephony/types'

/**
 * MMS (and SMS) through an HTTP carrier API shaped like Telnyx's v2 messaging API:
 * POST {baseUrl}/v2/messages with a Bearer key and {from, to, text, media_urls}; the carrier
 * fetches the media from our signed URLs. 429 is throttling, 5xx and network failures are
 * transient, other refusals are permanent with the carrier's own error code. Status and
 * inbound messages come back as webhooks (see `parseCarrierEvent`), not through this client.
 */
export class HttpMmsDriver implements MessagingDriver {
  readonly name: string
  #inFlight = new Set<AbortController>()

  constructor(
    private settings: HttpMmsSettings & { webhookUrl?: string | null },
    /** Webhooks reach the services directly; kept for the driver contract. */
    readonly events: MessagingEvents
  ) {
    this.name = settings.name
  }

  /** One message per request; resolves with the carrier's message id once it took the message. */
  async submit(message: OutboundMessage): Promise<SubmitResult> {
    const payload = {
      from: message.from,
      to: message.to,
      text: message.body,
      ...(message.media?.length ? { media_urls: message.media.map((item) => item.url) } : {}),
      ...(this.settings.webhookUrl ? { webhook_url: this.settings.webhookUrl } : {}),
    }
    const { status, body } = await this.#post('/v2/messages', payload)
    if (status >= 200 && status < 300) {
      const id = body?.data?.id
      if (typeof id !== 'string' || !id) throw new MessagingSubmitError('The carrier accepted the message without an id', 'transient', 'NO_ID')
      const parts = Number(body?.data?.parts ?? 1)
      return { carrierMessageId: id, parts: Number.isInteger(parts) && parts > 0 ? parts : 1 }
    }
    const error = body?.errors?.[0]
    const code = String(error?.code ?? status)
    const detail = `The carrier answered ${status}${error?.detail || error?.title ? `: ${error.detail ?? error.title}` : ''}`
    if (status === 429) throw new MessagingSubmitError(detail, 'throttled', code)
    if (status >= 500 || status === 408) throw new MessagingSubmitError(detail, 'transient', code)
    throw new MessagingSubmitError(detail, 'permanent', code)
  }

  /** Cancels requests still waiting for the carrier; nothing else is held open. */
  async close() {
    for (const controller of this.#inFlight) controller.abort(new Error('the driver was closed'))
    this.#inFlight.clear()
  }

  async #post(path: string, payload: unknown) {
    const controller = new AbortController()
    this.#inFlight.add(controller)
    try {
      const response = await fetch(new URL(path, this.settings.baseUrl), {
        method: 'POST',
        headers: {
          'Authorization': `Bearer ${this.settings.apiKey}`,
          'Accept': 'application/json',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(this.settings.timeoutMs)]),
      })
      const body = await response.json().catch(() => null)
      return { status: response.status, body }
    } catch (error) {
      const cause = (error as Error)?.name === 'TimeoutError' ? 'timed out' : ((error as Error)?.message ?? 'failed')
      throw new MessagingSubmitError(`The carrier API could not be reached: ${cause}`, 'transient', 'NETWORK')
    } finally {
      this.#inFlight.delete(controller)
    }
  }
}

/** The signature header carriers send with webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'x-brandline-signature'

/** Signs a webhook body (the stand-in carrier and tests sign the way the carrier does). */
export function signCarrierWebhook(secret: string, rawBody: string, at = Math.floor(Date.now() / 1000)) {
  const digest = createHmac('sha256', secret).update(`${at}.${rawBody}`).digest('hex')
  return `t=${at},v1=${digest}`
}

/** Whether a webhook was signed with the secret within `toleranceSeconds` of now (constant-time compare). */
export function verifyCarrierWebhook(secret: string, header: string | undefined | null, rawBody: string, toleranceSeconds = 300, now = Date.now()) {
  if (!header) return false
  const fields = new Map(
    header.split(',').map((part) => {
      const [key, ...rest] = part.trim().split('=')
      return [key, rest.join('=')] as [string, string]
    })
  )
  const at = Number(fields.get('t'))
  const given = fields.get('v1') ?? ''
  if (!Number.isInteger(at) || Math.abs(now / 1000 - at) > toleranceSeconds || !/^[0-9a-f]{64}$/i.test(given)) return false
  const expected = createHmac('sha256', secret).update(`${at}.${rawBody}`).digest()
  return timingSafeEqual(expected, Buffer.from(given, 'hex'))
}

/** A carrier webhook, read: a message for one of our numbers, or a status for one we sent. */
export type CarrierEvent =
  | { type: 'inbound'; message: InboundMessage }
  | { type: 'receipt'; receipt: DeliveryReceipt }
  | { type: 'ignored'; reason: string }

/** The carrier's recipient statuses -> ours; the ones not listed say nothing final. */
const STATUSES: Record<string, ReceiptStatus> = {
  delivered: 'delivered',
  delivery_failed: 'failed',
  sending_failed: 'failed',
  delivery_unconfirmed: 'expired',
  expired: 'expired',
  sent: 'enroute',
  queued: 'accepted',
  sending: 'accepted',
}

export class CarrierEventError extends Error {
  name = 'CarrierEventError'
}

/**
 * Reads a Telnyx-shaped event (`{data: {event_type, payload}}`): `message.received` -> an
 * inbound SMS or MMS with the media's carrier URLs; `message.sent` and `message.finalized` ->
 * a receipt for the driver named `carrier`. Throws CarrierEventError when the shape is wrong.
 */
export function parseCarrierEvent(carrier: string, event: any): CarrierEvent {
  const type = event?.data?.event_type
  const payload = event?.data?.payload
  if (typeof type !== 'string' || !payload || typeof payload !== 'object') throw new CarrierEventError('data.event_type and data.payload are required')
  if (type === 'message.received') return { type: 'inbound', message: inboundOf(carrier, payload) }
  if (type === 'message.sent' || type === 'message.finalized') return { type: 'receipt', receipt: receiptOf(carrier, payload) }
  return { type: 'ignored', reason: `event type ${type} is not used` }
}

function inboundOf(carrier: string, payload: any): InboundMessage {
  const from = payload.from?.phone_number
  const to = Array.isArray(payload.to) ? payload.to[0]?.phone_number : payload.to?.phone_number
  if (typeof from !== 'string' || typeof to !== 'string') throw new CarrierEventError('payload.from.phone_number and payload.to[0].phone_number are required')
  const media = (Array.isArray(payload.media) ? payload.media : [])
    .filter((item: any) => typeof item?.url === 'string' && /^https?:\/\//.test(item.url))
    .map((item: any) => ({ url: item.url as string, contentType: String(item.content_type ?? 'application/octet-stream') }))
  const kind = String(payload.type ?? '').toUpperCase() === 'MMS' || media.length ? 'mms' : 'sms'
  const receivedAt = payload.received_at ? new Date(payload.received_at) : undefined
  return {
    carrier,
    from,
    to,
    body: typeof payload.text === 'string' ? payload.text : '',
    kind,
    ...(media.length ? { media } : {}),
    carrierMessageId: typeof payload.id === 'string' ? payload.id : null,
    ...(receivedAt && !Number.isNaN(receivedAt.getTime()) ? { receivedAt } : {}),
  }
}

function receiptOf(carrier: string, payload: any): DeliveryReceipt {
  const recipient = Array.isArray(payload.to) ? payload.to[0] : payload.to
  const status = STATUSES[String(recipient?.status ?? '')]
  if (typeof payload.id !== 'string' || !payload.id || !status) throw new CarrierEventError('payload.id and a known payload.to[0].status are required')
  const error = Array.isArray(payload.errors) ? payload.errors[0] : null
  const doneAt = payload.completed_at ? new Date(payload.completed_at) : null
  return {
    carrier,
    carrierMessageId: payload.id,
    status,
    errorCode: error?.code ? String(error.code) : null,
    doneAt: doneAt && !Number.isNaN(doneAt.getTime()) ? doneAt : null,
  }
}
