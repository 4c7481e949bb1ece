import { EventEmitter } from 'node:events'
import type Message from '#models/message'

/** A message as pages, apps and status callbacks see it. */
export function presentMessage(message: Message) {
  return {
    id: message.id,
    ref: message.ref,
    kind: message.kind,
    direction: message.direction,
    status: message.status,
    from: message.fromNumber,
    to: message.toNumber,
    contact: message.contact,
    body: message.body,
    encoding: message.encoding,
    segments: message.segments,
    mediaCount: message.mediaCount,
    priceMicros: message.priceMicros,
    chargedMicros: message.chargedMicros,
    currency: message.currency,
    scheduledFor: message.scheduledFor?.toISO() ?? null,
    timeZone: message.timeZone,
    bulkId: message.bulkId,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
    read: message.direction === 'outbound' || message.readAt !== null,
    createdAt: message.createdAt?.toISO() ?? null,
    sentAt: message.sentAt?.toISO() ?? null,
    deliveredAt: message.deliveredAt?.toISO() ?? null,
    failedAt: message.failedAt?.toISO() ?? null,
    cancelledAt: message.cancelledAt?.toISO() ?? null,
  }
}

export type PresentedMessage = ReturnType<typeof presentMessage>

export interface MessageChange {
  tenantId: number
  userId: number
  message: PresentedMessage
}

/**
 * In-process feed of message changes (new inbound, status moves). The live-events layer (SSE)
 * and the status callbacks subscribe. Listeners must not throw.
 */
export const messageFeed = new EventEmitter<{ change: [MessageChange] }>()
messageFeed.setMaxListeners(0)

export function publishMessageChange(message: Message) {
  messageFeed.emit('change', { tenantId: message.tenantId, userId: message.userId, message: presentMessage(message) })
}
