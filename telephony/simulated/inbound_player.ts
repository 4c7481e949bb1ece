import PhoneNumber from '#models/phone_number'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { RouteDecision, RouteTarget } from '#telephony/types'
import type { SimulatedVoiceDriver } from '#telephony/drivers/simulated_voice_driver'
import { synthesizeWav } from './wav.js'

/** An inbound call to act out: to one of the brand's numbers, from anyone. */
export interface SimulatedInbound {
  to: string
  from: string
}

/** What the called user's devices do when they ring. */
export type InboundOutcome = 'answer' | 'no_answer'

export interface SimulatedVoicemail {
  /** The brand's number the message is left on (E.164). */
  to: string
  from: string
  durationSeconds?: number
  callUuid?: string | null
}

/** How an acted-out call went, for the admin's message and for tests. */
export interface InboundPlay {
  decision: RouteDecision
  /** answered by a device, taken by voicemail, forwarded, rejected by the routing, or rang out. */
  result: 'answered' | 'voicemail' | 'forwarded' | 'rejected' | 'no_answer'
  /** Settles when every leg has ended and any voicemail is stored. */
  done: Promise<void>
}

/** Talk time allowed on an inbound leg the routing does not meter (a call to the user's own device). */
const UNMETERED_SECONDS = 4 * 3600
/** Length of a simulated caller's message, seconds. */
const MESSAGE_SECONDS = 6

/**
 * Acts out an inbound call the way the real switches would carry out the routing decision:
 * ring the user's devices (answered, or not), then the decision's fallback (voicemail, a
 * forward, or nothing); a forward is its own billed leg, a voicemail is stored with audio.
 */
export async function playInbound(driver: SimulatedVoiceDriver, tenant: TenantSnapshot, call: SimulatedInbound, outcome: InboundOutcome): Promise<InboundPlay> {
  const { default: routingService } = await import('#services/calls/routing_service')
  const decision = await routingService.decideInbound(call, { switch: 'simulated' })
  if (decision.action === 'reject') return { decision, result: 'rejected', done: Promise.resolve() }

  const first = decision.targets[0] ?? null
  const leg = (uuid: string, destination: string, maxSeconds: number | null) => ({
    callUuid: uuid,
    tenantId: tenant.id,
    deviceUris: [],
    destination,
    callerId: decision.callerId,
    maxSeconds: maxSeconds ?? UNMETERED_SECONDS,
  })
  const inbound = leg(decision.callUuid, call.to, decision.maxSeconds)

  /** The call is taken by voicemail after `ringMs`: the caller speaks, the message is stored. */
  const voicemail = (ringMs: number) => {
    const line = driver.play(inbound, 'answer', { ringMs, talkSeconds: MESSAGE_SECONDS })
    return line.done.then(async () => {
      if (line.cancelled) return
      await leaveVoicemail(tenant, { to: call.to, from: call.from, durationSeconds: MESSAGE_SECONDS, callUuid: decision.callUuid })
    })
  }
  /** The call is bridged to a forward: the inbound leg and the user's billed outbound leg both talk. */
  const forward = (target: RouteTarget, ringMs: number) => {
    const legs = [driver.play(inbound, 'answer', { ringMs }).done]
    const uuid = /;leg=([0-9a-f-]{36})/i.exec(target.uri)?.[1]
    if (uuid) legs.push(driver.play(leg(uuid, target.uri, decision.maxSeconds), 'answer', { ringMs }).done)
    return Promise.all(legs).then(() => undefined)
  }

  const ring = driver.timeline.ringMs
  if (first?.kind === 'voicemail') return { decision, result: 'voicemail', done: voicemail(ring) }
  if (first && first.kind !== 'device') return { decision, result: 'forwarded', done: forward(first, ring) }
  if (first && outcome === 'answer') return { decision, result: 'answered', done: driver.play(inbound, 'answer').done }

  /** Nobody answers: the devices ring out (twice the ring time), then the fallback takes the call. */
  const fallback = decision.fallback
  if (!fallback) return { decision, result: 'no_answer', done: driver.play(inbound, 'no_answer').done }
  if (fallback.kind === 'voicemail') return { decision, result: 'voicemail', done: voicemail(ring * 2) }
  return { decision, result: 'forwarded', done: forward(fallback, ring * 2) }
}

/** Stores a message with synthesized audio for whoever holds the number (through the voicemail service). */
export async function leaveVoicemail(tenant: TenantSnapshot, message: SimulatedVoicemail) {
  const number = await runForTenant(tenant, () => PhoneNumber.findBy('e164', message.to))
  if (!number || number.userId === null) throw new Error(`${message.to} is not a number of ${tenant.slug} held by a user`)
  const seconds = Math.max(1, Math.min(120, Math.round(message.durationSeconds ?? MESSAGE_SECONDS)))
  const { default: voicemailService } = await import('#services/voicemail/voicemail_service')
  return voicemailService.store(tenant, {
    userId: number.userId,
    phoneNumberId: number.id,
    callUuid: message.callUuid ?? null,
    caller: message.from,
    durationSeconds: seconds,
    audio: synthesizeWav(seconds),
    type: 'audio/wav',
  })
}
