import { toE164 } from '#services/phone'
import type { RouteDecision, RouteTarget } from '#telephony/types'
import { assertUuid, parseSipUri, targetDialString, type DialSettings } from './dial_plan.js'

/** One dialplan application for FreeSWITCH to run on the call (`sendmsg` execute). */
export type DialplanApp = [app: string, arg: string]

/** The Q.850 cause FreeSWITCH should hang up with for a SIP refusal code. */
export function causeForSipCode(code: number) {
  const causes: Record<number, string> = {
    402: 'OUTGOING_CALL_BARRED',
    403: 'CALL_REJECTED',
    404: 'UNALLOCATED_NUMBER',
    480: 'NO_USER_RESPONSE',
    484: 'INVALID_NUMBER_FORMAT',
    486: 'USER_BUSY',
    503: 'NORMAL_TEMPORARY_FAILURE',
  }
  return causes[code] ?? 'CALL_REJECTED'
}

/** A reason phrase safe to put on a SIP status line. */
const phrase = (reason: string) => reason.replace(/[^\w .,'-]/g, '').slice(0, 64).trim() || 'Rejected'

function voicemailApps(target: RouteTarget, domain: string | null): DialplanApp[] {
  const { user, host } = parseSipUri(target.uri)
  return [
    ['answer', ''],
    ['voicemail', `default ${domain ?? host.replace(/:\d+$/, '')} ${user}`],
  ]
}

/** A bridge to every target at once (`,` rings in parallel); voicemail targets are not bridged. */
function bridgeApps(targets: RouteTarget[], settings: DialSettings, maxSeconds: number | null): DialplanApp[] {
  const dialable = targets.filter((target) => target.kind !== 'voicemail')
  if (!dialable.length) return []
  return [['bridge', dialable.map((target) => targetDialString(target, settings, target.kind === 'device' ? null : maxSeconds)).join(',')]]
}

/**
 * What FreeSWITCH runs for an inbound call, from the routing decision: a refusal answers the
 * SIP code and hangs up with the matching cause; a route names the channel with our call uuid
 * (so its events reach the call row), rings the targets for `timeoutSeconds`, and on no
 * answer or failure goes on to the fallback (voicemail, or a bridge to the forward).
 * `voicemailDomain` is the brand's SIP domain, the mod_voicemail domain of its boxes.
 */
export function inboundPlan(decision: RouteDecision, settings: DialSettings, voicemailDomain: string | null): DialplanApp[] {
  if (decision.action === 'reject') {
    const code = decision.code >= 400 && decision.code <= 699 ? decision.code : 403
    return [
      ['respond', `${code} ${phrase(decision.reason)}`],
      ['hangup', causeForSipCode(code)],
    ]
  }
  const apps: DialplanApp[] = [['set', `brandline_call_uuid=${assertUuid(decision.callUuid)}`]]
  if (toE164(decision.callerId) === decision.callerId) apps.push(['set', `effective_caller_id_number=${decision.callerId}`])
  apps.push(
    ['set', `call_timeout=${Math.max(1, Math.floor(decision.timeoutSeconds))}`],
    ['set', 'continue_on_fail=true'],
    ['set', 'hangup_after_bridge=true']
  )
  const straightToVoicemail = decision.targets.find((target) => target.kind === 'voicemail')
  if (straightToVoicemail) return [...apps, ...voicemailApps(straightToVoicemail, voicemailDomain), ['hangup', 'NORMAL_CLEARING']]
  apps.push(...bridgeApps(decision.targets, settings, decision.maxSeconds))
  const fallback = decision.fallback
  if (fallback?.kind === 'voicemail') apps.push(...voicemailApps(fallback, voicemailDomain))
  else if (fallback) apps.push(...bridgeApps([fallback], settings, decision.maxSeconds))
  apps.push(['hangup', 'NORMAL_CLEARING'])
  return apps
}
