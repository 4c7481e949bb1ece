import { DateTime } from 'luxon'
import type { RuleSchedule, RuleType } from '#models/call_rule'

/** The parts of a CallRule the engine reads (a model instance or plain data). */
export interface RuleData {
  id?: number
  type: RuleType
  priority: number
  enabled: boolean
  /** E.164 for forwarding; null on a schedule means voicemail. */
  target: string | null
  timeoutSeconds: number | null
  schedule: RuleSchedule | null
}

/** What the platform knows about the called user at the moment of the call. */
export interface RoutingSituation {
  at: DateTime
  /** The user has at least one registered device. */
  online: boolean
  /** The user is already on a live call. */
  busy: boolean
  features: { call_forwarding: boolean; voicemail: boolean }
  /** Ring time when no rule says otherwise (config telephony.sip.defaultRingSeconds). */
  defaultRingSeconds: number
}

export type PlanStep =
  | { kind: 'devices' }
  | { kind: 'forward'; number: string }
  | { kind: 'voicemail' }
  | { kind: 'reject'; code: number; reason: string }

/** Where a call goes first, for how long, and where it goes when nobody answers. */
export interface CallPlan<R extends RuleData = RuleData> {
  targets: PlanStep
  /** Ring time of `devices` before the fallback; null for the other steps. */
  timeoutSeconds: number | null
  /** After ringing: forward, voicemail, or null (the switch rejects with 480). */
  fallback: Extract<PlanStep, { kind: 'forward' | 'voicemail' }> | null
  matchedRule: R | null
}

const FORWARDING: RuleType[] = ['forward_always', 'forward_busy', 'forward_unreachable', 'forward_no_answer']
const UNAVAILABLE: PlanStep = { kind: 'reject', code: 480, reason: 'Temporarily unavailable' }

/**
 * The call rules of one number applied to one call: pure (no I/O), so every rule type, time
 * zone and feature switch is tested without a database. Rules run in priority order (lower
 * first); the first one that applies decides, the rest are not looked at.
 */
export function planCall<R extends RuleData>(rules: readonly R[], situation: RoutingSituation): CallPlan<R> {
  const voicemail: PlanStep = situation.features.voicemail ? { kind: 'voicemail' } : UNAVAILABLE
  const ordered = rules
    .filter((rule) => rule.enabled)
    .filter((rule) => situation.features.call_forwarding || !FORWARDING.includes(rule.type))
    .sort((a, b) => a.priority - b.priority || (a.id ?? 0) - (b.id ?? 0))

  for (const rule of ordered) {
    const plan = applyRule(rule, situation, voicemail)
    if (plan) return plan
  }
  if (!situation.online) return { targets: voicemail, timeoutSeconds: null, fallback: null, matchedRule: null }
  return {
    targets: { kind: 'devices' },
    timeoutSeconds: situation.defaultRingSeconds,
    fallback: situation.features.voicemail ? { kind: 'voicemail' } : null,
    matchedRule: null,
  }
}

/** The plan one rule makes, or null when it does not apply to this call. */
function applyRule<R extends RuleData>(rule: R, situation: RoutingSituation, voicemail: PlanStep): CallPlan<R> | null {
  const now = (targets: PlanStep): CallPlan<R> => ({ targets, timeoutSeconds: null, fallback: null, matchedRule: rule })
  const forward = rule.target ? ({ kind: 'forward', number: rule.target } as const) : null
  switch (rule.type) {
    case 'forward_always':
      return forward && now(forward)
    case 'dnd':
      return now(situation.features.voicemail ? voicemail : { kind: 'reject', code: 480, reason: 'Do not disturb' })
    case 'schedule': {
      if (!rule.schedule || isOpen(rule.schedule, situation.at) !== false) return null
      return now(forward && situation.features.call_forwarding ? forward : voicemail)
    }
    case 'forward_busy':
      return forward && situation.busy ? now(forward) : null
    case 'forward_unreachable':
      return forward && !situation.online ? now(forward) : null
    case 'forward_no_answer':
      if (!forward) return null
      if (!situation.online) return now(forward)
      return {
        targets: { kind: 'devices' },
        timeoutSeconds: rule.timeoutSeconds ?? situation.defaultRingSeconds,
        fallback: forward,
        matchedRule: rule,
      }
  }
}

/**
 * Whether a schedule is open at an instant, read in the schedule's own time zone (so daylight
 * saving time moves with the zone): false outside its weekday hours or on one of its holidays,
 * null when the zone is unknown (the rule then does nothing rather than close the line).
 */
export function isOpen(schedule: RuleSchedule, at: DateTime): boolean | null {
  const local = at.setZone(schedule.timezone)
  if (!local.isValid) return null
  if ((schedule.holidays ?? []).includes(local.toISODate()!)) return false
  const minute = local.hour * 60 + local.minute
  const intervals = schedule.hours?.[String(local.weekday)] ?? []
  return intervals.some((interval) => {
    const span = parseInterval(interval)
    return span !== null && minute >= span.start && minute < span.end
  })
}

/** "09:00-17:30" as minutes of the day, end exclusive ("24:00" closes at midnight). */
export function parseInterval(interval: string): { start: number; end: number } | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/.exec(interval)
  if (!match) return null
  const start = Number(match[1]) * 60 + Number(match[2])
  const end = match[5] ? 24 * 60 : Number(match[3]) * 60 + Number(match[4])
  return end > start ? { start, end } : null
}
