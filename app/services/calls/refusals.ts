import type { CallSwitch } from '#models/call'
import type { RouteDecision } from '#telephony/types'
import callService from './call_service.js'

/** A refused call of a known user, as its CDR line records it. */
export interface Refusal {
  userId: number
  direction: 'inbound' | 'outbound'
  from: string
  to: string
  phoneNumberId: number | null
  code: number
  reason: string
  switch: CallSwitch
}

/** A refusal the switch answers with a SIP code and reason. */
export function reject(code: number, reason: string, callUuid: string | null = null): RouteDecision {
  return { action: 'reject', callUuid, code, reason }
}

/**
 * Refuses a call of a known user and leaves its CDR line (status rejected), so the user sees
 * what happened to it. Runs inside the user's tenant.
 */
export async function refuse(refusal: Refusal): Promise<RouteDecision> {
  const row = await callService.recordRejected({
    userId: refusal.userId,
    direction: refusal.direction,
    from: refusal.from.slice(0, 64),
    to: refusal.to.slice(0, 64),
    // A call refused before it had a number of the user's (no caller ID at all) names none.
    phoneNumberId: refusal.phoneNumberId as number,
    sipCode: refusal.code,
    reason: refusal.reason,
    switch: refusal.switch,
  })
  return reject(refusal.code, refusal.reason, row.uuid)
}
