import logger from '@adonisjs/core/services/logger'
import type { PDU, Session } from 'smpp'
import type { DeliveryReceipt, MessagingEvents } from '#telephony/types'
import { parseReceiptText, statusOfState } from './receipt_text.js'
import { numberOf } from './outgoing.js'
import { concatOf, ESM_CLASS, STATUS, textOf } from './wire.js'

/** How many part ids of long messages are remembered, and how long a partial inbound message waits for its other parts. */
const ALIASES_KEPT = 200_000
const PARTIAL_TTL_MS = 5 * 60_000

/**
 * What an SMSC sends a bind: delivery receipts (esm_class 0x04), reported under the id the
 * message was stored with (the first part's), and inbound messages, reassembled from their
 * concatenated parts and handed to the inbound service; answered once they are stored.
 */
export class SmppDeliveries {
  #aliases = new Map<string, string>()
  #partials = new Map<string, { parts: Array<string | null>; at: number }>()

  constructor(
    private carrier: string,
    private events: MessagingEvents
  ) {}

  /** A later part of a long message: its receipts belong to the first part's id. */
  alias(partId: string, firstId: string) {
    this.#aliases.set(partId, firstId)
    if (this.#aliases.size > ALIASES_KEPT) this.#aliases.delete(this.#aliases.keys().next().value!)
  }

  handle(session: Session, pdu: PDU) {
    const work = pdu.esm_class & ESM_CLASS.DELIVERY_RECEIPT ? this.#receipt(pdu) : this.#inbound(pdu)
    work.then(
      (status) => session.send(pdu.response(status === STATUS.ROK ? {} : { command_status: status })),
      (error) => {
        logger.error({ err: error, carrier: this.carrier }, 'an SMPP deliver_sm could not be stored')
        session.send(pdu.response({ command_status: STATUS.RSYSERR }))
      }
    )
  }

  async #receipt(pdu: PDU) {
    const parsed = parseReceiptText(textOf(pdu.short_message ?? pdu.message_payload))
    const id = (pdu.receipted_message_id as string | undefined) || parsed.id
    const status = statusOfState(pdu.message_state) ?? parsed.status
    if (!id || !status) {
      logger.warn({ carrier: this.carrier, text: textOf(pdu.short_message) }, 'an SMPP receipt without an id or a state was ignored')
      return STATUS.ROK
    }
    const first = this.#aliases.get(id)
    if (first && (status === 'delivered' || status === 'enroute' || status === 'accepted')) return STATUS.ROK
    const receipt: DeliveryReceipt = { carrier: this.carrier, carrierMessageId: first ?? id, status, errorCode: parsed.errorCode, doneAt: parsed.doneAt }
    await this.events.receipt(receipt)
    return STATUS.ROK
  }

  async #inbound(pdu: PDU) {
    const from = numberOf(pdu.source_addr, pdu.source_addr_ton)
    const to = numberOf(pdu.destination_addr, pdu.dest_addr_ton)
    const body = this.#assembled(from, to, pdu)
    if (body === null) return STATUS.ROK
    const verdict = await this.events.inbound({ carrier: this.carrier, kind: 'sms', from, to, body, receivedAt: new Date() })
    return verdict.accepted ? STATUS.ROK : STATUS.RINVDSTADR
  }

  /** The whole text once every part is in; null while parts are missing. */
  #assembled(from: string, to: string, pdu: PDU): string | null {
    const field = pdu.short_message?.message !== undefined && (pdu.short_message.message.length || !pdu.message_payload) ? pdu.short_message : pdu.message_payload
    const text = textOf(field)
    const concat = concatOf(field?.udh)
    if (!concat || concat.total <= 1) return text
    const now = Date.now()
    for (const [key, partial] of this.#partials) if (partial.at < now - PARTIAL_TTL_MS) this.#partials.delete(key)
    const key = `${from}|${to}|${concat.reference}|${concat.total}`
    const partial = this.#partials.get(key) ?? { parts: new Array<string | null>(concat.total).fill(null), at: now }
    partial.parts[concat.sequence - 1] = text
    this.#partials.set(key, partial)
    if (partial.parts.some((part) => part === null)) return null
    this.#partials.delete(key)
    return partial.parts.join('')
  }
}
