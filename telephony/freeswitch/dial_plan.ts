import app from '@adonisjs/core/services/app'
import { Exception } from '@adonisjs/core/exceptions'
import type { TelephonyConfig } from '#config/telephony'
import { toE164 } from '#services/phone'
import type { OriginateRequest, RouteTarget } from '#telephony/types'

/*
 * FreeSWITCH command text built from our call data: originate strings, bridge dial strings and
 * channel variables. Every value is checked against a strict shape first, because FreeSWITCH
 * splits these strings on spaces, commas and brackets: nothing a caller typed may reach it raw.
 */

/** A call that cannot be put into a switch command (no device, a malformed number or address): 422. */
export class DialStringError extends Exception {
  static status = 422
  static code = 'CALL_NOT_DIALABLE'
}

export interface DialSettings {
  /** Sofia profile that reaches devices (through the SIP proxy they register with). */
  deviceProfile: string
  /** Sofia profile for carrier gateways and PBX trunks. */
  externalProfile: string
  /** Where PSTN calls go: a FreeSWITCH gateway name, or host[:port]. */
  pstnGateway: string
  /** The registrar devices register with (host[:port]); devices are reached through it. */
  deviceProxy: string | null
  /** Seconds the user's devices ring on a click-to-call before it is given up. */
  ringSeconds: number
}

/** Dial settings from config/telephony.ts: PSTN through its gateway, devices through the SIP proxy. */
export function dialSettingsFromConfig(): DialSettings {
  const { sip } = app.config.get<TelephonyConfig>('telephony')
  return { deviceProfile: 'internal', externalProfile: 'external', pstnGateway: sip.pstnGateway, deviceProxy: `${sip.proxyHost}:${sip.proxyPort}`, ringSeconds: 30 }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/
const SIP_USER = /^[A-Za-z0-9._~+-]{1,64}$/
const CAUSE = /^[A-Z_]{1,48}$/
const VAR_NAME = /^[a-z_][a-z0-9_]*$/i
const VAR_VALUE = /^[A-Za-z0-9+._:@/=-]*$/

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value)

export function assertUuid(value: string) {
  if (!isUuid(value)) throw new DialStringError(`"${value}" is not a call uuid`)
  return value.toLowerCase()
}

/** A Q.850 cause name (NORMAL_CLEARING, ALLOTTED_TIMEOUT, ...). */
export function assertCause(value: string) {
  if (!CAUSE.test(value)) throw new DialStringError(`"${value}" is not a hangup cause`)
  return value
}

function assertE164(value: string, what: string) {
  if (toE164(value) !== value) throw new DialStringError(`${what} "${value}" is not an E.164 number`)
  return value
}

/** `{a=b,c='d e'}` (all legs) or `[a=b]` (one leg); only plain values, or the sched_hangup we write ourselves. */
export function channelVars(vars: Record<string, string | number>, brackets: '{}' | '[]' = '{}') {
  const pairs = Object.entries(vars).map(([name, raw]) => {
    const value = String(raw)
    if (!VAR_NAME.test(name)) throw new DialStringError(`bad channel variable name ${name}`)
    if (VAR_VALUE.test(value)) return `${name}=${value}`
    if (/^sched_hangup \+\d+ [a-z_]+$/.test(value)) return `${name}='${value}'`
    throw new DialStringError(`bad value for channel variable ${name}`)
  })
  return `${brackets[0]}${pairs.join(',')}${brackets[1]}`
}

/** `sched_hangup` on answer: the switch itself ends the call when the held talk time is used up. */
export const hangupAfter = (seconds: number) => `sched_hangup +${Math.max(1, Math.floor(seconds))} allotted_timeout`

interface SipUri {
  user: string
  host: string
  params: Record<string, string>
}

/** "sip:alice@acme.sip.example:5060;transport=tcp" -> parts, or a DialStringError. */
export function parseSipUri(uri: string): SipUri {
  const match = /^sips?:([^@;]+)@([^;]+)((?:;[^;]*)*)$/i.exec(uri.trim())
  if (!match || !SIP_USER.test(match[1]) || !HOST.test(match[2])) throw new DialStringError(`"${uri}" is not a SIP address we can dial`)
  const params: Record<string, string> = {}
  for (const part of match[3].split(';').filter(Boolean)) {
    const [key, value = ''] = part.split('=')
    params[key.toLowerCase()] = value
  }
  return { user: match[1], host: match[2], params }
}

/** A registered device, reached through the proxy it registered with. */
export function deviceDialString(uri: string, settings: DialSettings) {
  const { user, host } = parseSipUri(uri)
  const path = settings.deviceProxy && HOST.test(settings.deviceProxy) ? `;fs_path=sip:${settings.deviceProxy}` : ''
  return `sofia/${settings.deviceProfile}/${user}@${host}${path}`
}

/** The PSTN leg of a click-to-call: through a named gateway, or straight to the carrier's host. */
export function pstnDialString(destination: string, settings: DialSettings) {
  const number = assertE164(destination, 'destination')
  const gateway = settings.pstnGateway
  if (/^[A-Za-z0-9_-]+$/.test(gateway)) return `sofia/gateway/${gateway}/${number}`
  if (!HOST.test(gateway)) throw new DialStringError(`"${gateway}" is not a gateway name or host`)
  return `sofia/${settings.externalProfile}/${number.slice(1)}@${gateway}`
}

/**
 * A routing decision's target as a bridge dial string. A `leg` parameter names the call row of
 * a forwarded leg: it goes on that leg as brandline_call_uuid, so its events bill that row.
 */
export function targetDialString(target: RouteTarget, settings: DialSettings, maxSeconds: number | null) {
  if (target.kind === 'device') return deviceDialString(target.uri, settings)
  if (target.kind !== 'pstn' && target.kind !== 'trunk') throw new DialStringError(`cannot bridge to a ${target.kind} target`)
  const { user, host, params } = parseSipUri(target.uri)
  const vars: Record<string, string> = {}
  if (params.leg) vars.brandline_call_uuid = assertUuid(params.leg)
  if (maxSeconds !== null) vars.execute_on_answer = hangupAfter(maxSeconds)
  const transport = params.transport && /^(udp|tcp|tls)$/.test(params.transport) ? `;transport=${params.transport}` : ''
  const prefix = Object.keys(vars).length ? channelVars(vars, '[]') : ''
  return `${prefix}sofia/${settings.externalProfile}/${user}@${host}${transport}`
}

/**
 * Click-to-call as one `originate`: ring the user's devices (in parallel) as the A-leg, whose
 * uuid is our call uuid, then bridge it to the destination with the user's caller ID. The A-leg
 * hangs up by itself once the talk time the wallet covers is used up.
 */
export function originateCommand(request: OriginateRequest, settings: DialSettings) {
  const uuid = assertUuid(request.callUuid)
  const callerId = assertE164(request.callerId, 'caller ID')
  if (!request.deviceUris.length) throw new DialStringError('the user has no device to ring')
  if (!Number.isInteger(request.maxSeconds) || request.maxSeconds <= 0) throw new DialStringError('no talk time is covered')
  const devices = request.deviceUris.map((uri) => deviceDialString(uri, settings)).join(',')
  const aLeg = channelVars({
    origination_uuid: uuid,
    brandline_call_uuid: uuid,
    brandline_leg: 'device',
    origination_caller_id_number: callerId,
    originate_timeout: settings.ringSeconds,
    execute_on_answer: hangupAfter(request.maxSeconds),
  })
  const bLeg = channelVars({ brandline_call_uuid: uuid, brandline_leg: 'pstn', origination_caller_id_number: callerId })
  return `originate ${aLeg}${devices} &bridge(${bLeg}${pstnDialString(request.destination, settings)})`
}

/** The cause of a failed background originate (`-ERR NO_ANSWER`), or null when it worked. */
export function jobFailureCause(body: string): string | null {
  const match = /^-ERR\s+([A-Z_]+)/.exec(body.trim())
  return match ? match[1] : body.trim().startsWith('-ERR') ? 'NORMAL_TEMPORARY_FAILURE' : null
}
