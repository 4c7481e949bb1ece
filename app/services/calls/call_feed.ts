import { EventEmitter } from 'node:events'
import type Call from '#models/call'

/** A call's state as pages and apps see it. */
export function presentCall(call: Call) {
  return {
    id: call.id,
    uuid: call.uuid,
    direction: call.direction,
    status: call.status,
    from: call.fromNumber,
    to: call.toNumber,
    callerId: call.callerId,
    route: call.route,
    forwardedTo: call.forwardedTo,
    startedAt: call.startedAt?.toISO() ?? null,
    answeredAt: call.answeredAt?.toISO() ?? null,
    endedAt: call.endedAt?.toISO() ?? null,
    durationSeconds: call.durationSeconds,
    billableSeconds: call.billableSeconds,
    chargedMicros: call.chargedMicros,
    currency: call.currency,
    hangupCause: call.hangupCause,
    reason: call.reason,
  }
}

export interface CallChange {
  tenantId: number
  userId: number | null
  call: ReturnType<typeof presentCall>
}

/**
 * In-process feed of call changes; the live-events layer (SSE) subscribes and fans them out
 * per tenant and user. Listeners must not throw.
 */
export const callFeed = new EventEmitter<{ change: [CallChange] }>()
callFeed.setMaxListeners(0)

export function publishCallChange(call: Call) {
  callFeed.emit('change', { tenantId: call.tenantId, userId: call.userId, call: presentCall(call) })
}
