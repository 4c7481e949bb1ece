import type { CallEvent } from '#telephony/types'
import { isUuid } from './dial_plan.js'

/** What the mapping reads of an event: modesl's Event, or headers in a test. */
export interface EslHeaders {
  getHeader(name: string): string | null
}

/** A message left in a FreeSWITCH voicemail box (`CUSTOM vm::maintenance`, `VM-Action: leave-message`). */
export interface VoicemailLeft {
  /** The box: the `vm-<digits>` id our routing gives mod_voicemail, or what the switch used. */
  box: string
  domain: string
  callerNumber: string
  callerName: string | null
  /** Where FreeSWITCH wrote the recording. */
  filePath: string
  seconds: number
  /** mod_voicemail's id of the message. */
  messageUuid: string | null
  /** Our call uuid when the channel's variables came with the event. */
  callUuid: string | null
  at: Date
}

/** Leg roles our originate strings set (`brandline_leg`); other legs speak for the whole call. */
type Leg = 'device' | 'pstn' | 'call'

const text = (event: EslHeaders, name: string) => event.getHeader(name)?.trim() || null

function int(value: string | null) {
  if (value === null || !/^-?\d+$/.test(value)) return null
  const parsed = Number(value)
  return Number.isSafeInteger(parsed) ? parsed : null
}

/** Event-Date-Timestamp is microseconds since the epoch; a missing or odd one means "now". */
export function eventTime(event: EslHeaders, now = () => new Date()): Date {
  const micros = int(text(event, 'Event-Date-Timestamp'))
  if (micros === null || micros <= 0) return now()
  const at = new Date(Math.floor(micros / 1000))
  return Number.isNaN(at.getTime()) ? now() : at
}

/**
 * Our call uuid on a channel: the `brandline_call_uuid` variable we set, or the channel's own
 * uuid when we chose it (origination_uuid). Channels we did not start give null.
 */
export function callUuidOf(event: EslHeaders): string | null {
  const tagged = text(event, 'variable_brandline_call_uuid')
  if (isUuid(tagged)) return tagged.toLowerCase()
  const unique = text(event, 'Unique-ID')
  if (isUuid(unique) && unique === text(event, 'variable_origination_uuid')) return unique.toLowerCase()
  return null
}

function legOf(event: EslHeaders): Leg {
  const leg = text(event, 'variable_brandline_leg')
  return leg === 'device' || leg === 'pstn' ? leg : 'call'
}

/** Talk time of a click-to-call's device leg: from the bridge to the hangup (0 when never bridged). */
function bridgedSeconds(event: EslHeaders) {
  const bridged = int(text(event, 'variable_bridge_epoch'))
  const ended = int(text(event, 'variable_end_epoch'))
  return bridged && ended && ended >= bridged ? ended - bridged : 0
}

function causeOf(event: EslHeaders) {
  const cause = text(event, 'Hangup-Cause') ?? text(event, 'variable_hangup_cause') ?? 'NORMAL_CLEARING'
  return /^[A-Z0-9_]{1,48}$/.test(cause) ? cause : 'NORMAL_CLEARING'
}

function sipCodeOf(event: EslHeaders) {
  const code = int(text(event, 'variable_sip_term_status'))
  return code !== null && code >= 100 && code <= 699 ? code : null
}

/**
 * A channel event as a CallEvent, or null when it says nothing about one of our calls.
 * Click-to-call has two legs: the destination's answer (pstn leg) answers the call, while the
 * user's own device picking up does not; either leg's hangup ends it (the device leg counts
 * its talk time from the bridge). Legs without a role (inbound calls, forwards) are the call.
 */
export function toCallEvent(event: EslHeaders): CallEvent | null {
  const name = text(event, 'Event-Name')
  const callUuid = callUuidOf(event)
  if (!callUuid) return null
  const leg = legOf(event)
  const unique = text(event, 'Unique-ID')
  const switchRef = leg === 'pstn' || !isUuid(unique) ? callUuid : unique.toLowerCase()
  const at = eventTime(event)
  if (name === 'CHANNEL_CREATE') return leg === 'pstn' ? null : { type: 'ringing', callUuid, switchRef, at }
  if (name === 'CHANNEL_ANSWER') return leg === 'device' ? null : { type: 'answered', callUuid, switchRef, at }
  if (name !== 'CHANNEL_HANGUP_COMPLETE') return null
  const billSeconds = leg === 'device' ? bridgedSeconds(event) : Math.max(0, int(text(event, 'variable_billsec')) ?? 0)
  return { type: 'ended', callUuid, switchRef, at, billSeconds, cause: causeOf(event), sipCode: sipCodeOf(event) }
}

/** A `vm::maintenance` leave-message event, or null for anything else (other VM actions included). */
export function toVoicemailLeft(event: EslHeaders): VoicemailLeft | null {
  if (text(event, 'Event-Name') !== 'CUSTOM' || text(event, 'Event-Subclass') !== 'vm::maintenance') return null
  if (text(event, 'VM-Action') !== 'leave-message') return null
  const box = text(event, 'VM-User')
  const domain = text(event, 'VM-Domain')
  const filePath = text(event, 'VM-File-Path')
  if (!box || !domain || !filePath) return null
  const messageUuid = text(event, 'VM-UUID')
  return {
    box,
    domain: domain.toLowerCase(),
    callerNumber: (text(event, 'VM-Caller-ID-Number') ?? 'anonymous').slice(0, 64),
    callerName: text(event, 'VM-Caller-ID-Name')?.slice(0, 64) ?? null,
    filePath,
    seconds: Math.max(0, int(text(event, 'VM-Message-Len')) ?? 0),
    messageUuid: isUuid(messageUuid) ? messageUuid.toLowerCase() : null,
    callUuid: callUuidOf(event),
    at: eventTime(event),
  }
}
