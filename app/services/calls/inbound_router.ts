import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import type { CallRoute, CallSwitch } from '#models/call'
import presenceService from '#services/devices/presence_service'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { RouteDecision, RouteTarget } from '#telephony/types'
import callService from './call_service.js'
import { CallRefusedError } from './errors.js'
import { planCall, type CallPlan } from './rules_engine.js'
import { defaultRingSeconds, destinationRefusal, deviceTarget, normalizeNumber, pstnTarget, userPart, voicemailTarget } from './route_targets.js'
import { refuse, type Refusal } from './refusals.js'
import type { NumberLine } from './routing_lookups.js'

/** Ring time of a forwarded leg, and of voicemail pickup. */
const FORWARD_RING_SECONDS = 60

interface Inbound {
  tenant: TenantSnapshot
  number: NumberLine
  /** The caller as E.164, or null (anonymous, or not a phone number). */
  caller: string | null
  callerLabel: string
  switch: CallSwitch
}

/**
 * One inbound call to a known number, inside the number's tenant: the number, brand, user and
 * feature checks, then the number's rules with the user's presence, carried out as a route
 * decision. A forward (at once, or after no answer) is an outbound leg the user pays for: it is
 * opened with a wallet hold now, and the call goes to voicemail instead when it cannot be paid.
 */
export async function decideForNumber(tenant: TenantSnapshot, number: NumberLine, from: string, options: { switch: CallSwitch; at: DateTime }) {
  const caller = normalizeNumber(from, number.country)
  const call: Inbound = { tenant, number, caller, callerLabel: caller ?? (userPart(from).slice(0, 64) || 'anonymous'), switch: options.switch }
  const refusal = (code: number, reason: string): Refusal => ({
    userId: number.userId!,
    direction: 'inbound',
    from: call.callerLabel,
    to: number.e164,
    phoneNumberId: number.id,
    code,
    reason,
    switch: options.switch,
  })
  if (tenant.status !== 'active') return refuse(refusal(480, 'Service suspended'))
  if (number.status !== 'active' || !number.voiceEnabled) return refuse(refusal(480, 'Number not in service'))
  if (!tenant.features.voice) return refuse(refusal(403, 'Voice calling is not available'))
  if (number.userStatus !== 'active') return refuse(refusal(480, 'Subscriber unavailable'))
  const userId = number.userId!

  const devices = await presenceService.onlineDevices(tenant.id, userId)
  const plan = planCall(number.rules, {
    at: options.at,
    online: devices.length > 0,
    busy: number.busy,
    features: { call_forwarding: tenant.features.call_forwarding, voicemail: tenant.features.voicemail },
    defaultRingSeconds: defaultRingSeconds(),
  })
  if (plan.targets.kind === 'reject') return refuse(refusal(plan.targets.code, plan.targets.reason))
  return carryOut(call, plan, devices.map(deviceTarget), refusal)
}

async function carryOut(call: Inbound, plan: CallPlan, devices: RouteTarget[], refusal: (code: number, reason: string) => Refusal) {
  const voicemail = call.tenant.features.voicemail ? voicemailTarget(call.number.e164) : null
  if (plan.targets.kind === 'voicemail') return open(call, 'voicemail', [voicemailTarget(call.number.e164)], FORWARD_RING_SECONDS, null, null)
  if (plan.targets.kind === 'forward') {
    const leg = await forwardLeg(call, plan.targets.number)
    if (leg) return open(call, 'forward', [leg.target], FORWARD_RING_SECONDS, null, leg.maxSeconds, plan.targets.number)
    if (voicemail) return open(call, 'voicemail', [voicemail], FORWARD_RING_SECONDS, null, null)
    return refuse(refusal(480, 'Forwarding unavailable'))
  }
  if (plan.fallback?.kind === 'forward') {
    const leg = await forwardLeg(call, plan.fallback.number)
    if (leg) return open(call, 'device', devices, plan.timeoutSeconds!, leg.target, leg.maxSeconds, plan.fallback.number)
  }
  return open(call, 'device', devices, plan.timeoutSeconds!, plan.fallback ? voicemail : null, null)
}

/** Records the inbound call (ringing) and answers the decision that names it. */
async function open(
  call: Inbound,
  route: CallRoute,
  targets: RouteTarget[],
  timeoutSeconds: number,
  fallback: RouteTarget | null,
  maxSeconds: number | null,
  forwardedTo: string | null = null
): Promise<RouteDecision> {
  const row = await callService.openInbound(call.tenant, {
    userId: call.number.userId!,
    phoneNumberId: call.number.id,
    from: call.callerLabel,
    to: call.number.e164,
    route,
    forwardedTo,
    switch: call.switch,
  })
  return { action: 'route', callUuid: row.uuid, callerId: call.caller ?? 'anonymous', targets, timeoutSeconds, fallback, maxSeconds }
}

/**
 * Opens the forwarded leg to the PSTN on the user's wallet (with the original caller's ID), or
 * null when the brand does not allow the destination, it has no rate or the wallet cannot pay.
 * The target's `leg` parameter names the leg's call row for the switch's events.
 */
async function forwardLeg(call: Inbound, destination: string) {
  const why = destinationRefusal(call.tenant, destination)
  const uuid = randomUUID()
  const target = pstnTarget(call.tenant, destination, uuid)
  if (why || !target) {
    logger.info({ tenant: call.tenant.slug, number: call.number.e164, why: why ?? 'no trunk' }, 'call forward refused')
    return null
  }
  try {
    const { maxSeconds } = await callService.openOutbound(call.tenant, {
      uuid,
      userId: call.number.userId!,
      destination,
      callerId: call.caller ?? call.number.e164,
      fromNumber: call.number.e164,
      phoneNumberId: call.number.id,
      switch: call.switch,
      route: 'forward',
    })
    return { target, maxSeconds }
  } catch (error) {
    if (!(error instanceof CallRefusedError)) throw error
    logger.info({ tenant: call.tenant.slug, number: call.number.e164, why: error.reason }, 'call forward refused')
    return null
  }
}
