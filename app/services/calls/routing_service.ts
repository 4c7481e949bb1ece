import { DateTime } from 'luxon'
import type { CallSwitch } from '#models/call'
import type User from '#models/user'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { RouteDecision, RouteTarget } from '#telephony/types'
import callService from './call_service.js'
import { CallRefusedError } from './errors.js'
import { destinationRefusal, normalizeNumber, pstnTarget, userPart } from './route_targets.js'
import { decideForNumber } from './inbound_router.js'
import { refuse, reject, type Refusal } from './refusals.js'
import { deviceLine, numberLine, voiceNumbersOf, type CallerNumber } from './routing_lookups.js'

/** How long the PSTN side of a call may ring before the switch gives up. */
export const OUTBOUND_RING_SECONDS = 60

export interface DecideOptions {
  /** Which switch asks: it is recorded on the call. */
  switch?: CallSwitch
  /** The moment of the call (schedules); now by default. */
  at?: DateTime
}

export interface OutboundRequest {
  user: Pick<User, 'id' | 'status'>
  /** The user's voice numbers when the caller already has them; read otherwise. */
  numbers?: CallerNumber[]
  deviceId?: number | null
  /** The caller ID the device asked for (E.164); the user's primary number when absent. */
  callerId?: string | null
  /** What was dialled: E.164, national digits, or a SIP URI. */
  destination: string
}

export interface DeviceCallRequest {
  tenantId: number
  username: string
  domain: string
  from: string
  to: string
  callerId?: string | null
}

/**
 * Where each new call goes, as Kamailio (HTTP) and FreeSWITCH's outbound socket ask: outbound
 * calls are checked (caller ID, regions, blocked prefixes, rate) and paid for with a wallet
 * hold; inbound calls follow the number's rules. A refusal is a decision too (SIP code and
 * reason), and leaves a CDR line when a user is known.
 */
export class RoutingService {
  /** An authenticated device places a call: the device and its user must be active. */
  async decideForDevice(request: DeviceCallRequest, options: DecideOptions = {}): Promise<RouteDecision> {
    const tenant = await tenancy.resolver.snapshot(request.tenantId)
    if (!tenant || tenant.status !== 'active') return reject(403, 'Service unavailable')
    return runForTenant(tenant, async (): Promise<RouteDecision> => {
      /** Kamailio's view cannot read the brand's features: a brand that switched devices off refuses their calls here. */
      if (!tenant.features.sip_devices) return reject(403, 'SIP devices are not available')
      const line = await deviceLine(request.username, request.domain)
      if (!line || line.deviceStatus !== 'active') return reject(403, 'Device not allowed')
      const from = userPart(request.from)
      const callerId = request.callerId ?? (from.startsWith('+') ? from : null)
      const user = { id: line.userId, status: line.userStatus }
      return this.decideOutbound(tenant, { user, numbers: line.numbers, deviceId: line.deviceId, callerId, destination: request.to }, options)
    })
  }

  /** A call from one of the brand's users to the PSTN (or the brand's trunk in the hybrid model). */
  decideOutbound(tenant: TenantSnapshot, request: OutboundRequest, options: DecideOptions = {}): Promise<RouteDecision> {
    return runForTenant(tenant, async (): Promise<RouteDecision> => {
      const sw = options.switch ?? 'kamailio'
      const numbers = request.numbers ?? (await voiceNumbersOf(request.user.id))
      const home = numbers.find((number) => number.isPrimary) ?? numbers[0]
      const refusal = (code: number, reason: string, to = request.destination, caller?: CallerNumber): Refusal => ({
        userId: request.user.id,
        direction: 'outbound',
        from: caller?.e164 ?? request.callerId ?? home?.e164 ?? 'unknown',
        to,
        phoneNumberId: (caller ?? home)?.id ?? null,
        code,
        reason,
        switch: sw,
      })
      const checked = checkOutbound(tenant, request, numbers, home)
      if ('refused' in checked) return refuse(refusal(checked.refused.code, checked.refused.reason, checked.refused.to))
      const { destination, caller, target } = checked
      try {
        const { call, maxSeconds } = await callService.openOutbound(tenant, {
          userId: request.user.id,
          destination,
          callerId: caller.e164,
          fromNumber: caller.e164,
          phoneNumberId: caller.id,
          deviceId: request.deviceId ?? null,
          switch: sw,
          route: target.kind === 'trunk' ? 'trunk' : 'pstn',
        })
        return { action: 'route', callUuid: call.uuid, callerId: caller.e164, targets: [target], timeoutSeconds: OUTBOUND_RING_SECONDS, fallback: null, maxSeconds }
      } catch (error) {
        if (!(error instanceof CallRefusedError)) throw error
        return refuse(refusal(error.sipCode, error.reason, destination, caller))
      }
    })
  }

  /** A call to one of the platform's numbers, from a carrier or another user: the number's brand and rules decide. */
  async decideInbound(call: { to: string; from: string }, options: DecideOptions = {}): Promise<RouteDecision> {
    const to = normalizeNumber(call.to)
    if (!to) return reject(484, 'Address incomplete')
    const number = await numberLine(to)
    if (!number || number.userId === null) return reject(404, 'Not found')
    const tenant = await tenancy.resolver.snapshot(number.tenantId)
    if (!tenant) return reject(404, 'Not found')
    return runForTenant(tenant, () =>
      decideForNumber(tenant, number, call.from, { switch: options.switch ?? 'kamailio', at: options.at ?? DateTime.now() })
    )
  }
}

type Checked = { refused: { code: number; reason: string; to?: string } } | { destination: string; caller: CallerNumber; target: RouteTarget }

/** The checks before any money moves: the account, the feature, the destination and the brand's policy, the caller ID. */
function checkOutbound(tenant: TenantSnapshot, request: OutboundRequest, numbers: CallerNumber[], home: CallerNumber | undefined): Checked {
  const no = (code: number, reason: string, to?: string): Checked => ({ refused: { code, reason, to } })
  if (request.user.status !== 'active') return no(403, 'Account suspended')
  if (!tenant.features.voice) return no(403, 'Voice calling is not available')
  const destination = normalizeNumber(request.destination, home?.country ?? tenant.config.regions[0])
  if (!destination) return no(484, 'Address incomplete')
  const notAllowed = destinationRefusal(tenant, destination)
  if (notAllowed) return no(403, notAllowed, destination)
  const caller = pickCallerId(numbers, request.callerId, home)
  if (!caller) return no(403, 'Caller ID not yours', destination)
  const target = pstnTarget(tenant, destination)
  if (!target) return no(503, 'No trunk configured', destination)
  return { destination, caller, target }
}

/** The caller ID asked for when it is one of the user's voice numbers; the primary one when none was asked for. */
function pickCallerId(numbers: CallerNumber[], requested: string | null | undefined, home: CallerNumber | undefined) {
  if (!requested) return home ?? null
  const exact = numbers.find((number) => number.e164 === requested)
  if (exact) return exact
  const e164 = normalizeNumber(requested, home?.country)
  return numbers.find((number) => number.e164 === e164) ?? null
}

const routingService = new RoutingService()
export default routingService
