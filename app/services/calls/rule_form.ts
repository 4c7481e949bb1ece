import { RULE_TYPES, type RuleType } from '#models/call_rule'

export const WEEKDAYS = [
  ['1', 'Monday'], ['2', 'Tuesday'], ['3', 'Wednesday'], ['4', 'Thursday'], ['5', 'Friday'], ['6', 'Saturday'], ['7', 'Sunday'],
] as const

export const RULE_LABELS: Record<RuleType, string> = {
  forward_always: 'Forward every call',
  dnd: 'Do not disturb (voicemail)',
  schedule: 'Business hours',
  forward_busy: 'Forward when I am on a call',
  forward_unreachable: 'Forward when no device is online',
  forward_no_answer: 'Forward when I do not answer',
}

const list = (text: unknown) =>
  String(text ?? '')
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean)

/**
 * The portal's rule form (flat fields: hours_1..hours_7 as "09:00-12:00, 13:00-17:00", holidays
 * one per line) as the rule API's input, so both go through the same validator and service.
 */
export function ruleFromForm(form: Record<string, any>) {
  const type = form.type as RuleType
  const input: Record<string, unknown> = { type }
  if (form.priority !== undefined && form.priority !== '') input.priority = form.priority
  /** A checkbox after a hidden "false": the last value sent wins. */
  const enabled = Array.isArray(form.enabled) ? form.enabled.at(-1) : form.enabled
  if (enabled !== undefined) input.enabled = ['on', 'true', '1'].includes(String(enabled))
  input.target = form.target ? String(form.target) : null
  input.timeoutSeconds = form.timeoutSeconds ? form.timeoutSeconds : null
  if (type === 'schedule') {
    const hours = Object.fromEntries(WEEKDAYS.map(([day]) => [day, list(form[`hours_${day}`])]).filter(([, spans]) => spans.length))
    input.schedule = { timezone: form.timezone, hours, holidays: list(form.holidays) }
  }
  return input
}

/** A rule's schedule as the form shows it. */
export function scheduleFields(schedule: { timezone: string; hours: Record<string, string[]>; holidays: string[] } | null) {
  return {
    timezone: schedule?.timezone ?? 'UTC',
    hours: Object.fromEntries(WEEKDAYS.map(([day]) => [day, (schedule?.hours?.[day] ?? []).join(', ')])),
    holidays: (schedule?.holidays ?? []).join('\n'),
  }
}

/** IANA zones for the time zone picker. */
export const TIME_ZONES: string[] = Intl.supportedValuesOf('timeZone')

export { RULE_TYPES }
