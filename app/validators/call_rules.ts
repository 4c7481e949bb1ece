import vine from '@vinejs/vine'
import { DateTime, IANAZone } from 'luxon'
import { RULE_TYPES } from '#models/call_rule'
import { CALL_STATUSES } from '#models/call'
import { toE164 } from '#services/phone'
import { parseInterval } from '#services/calls/rules_engine'

/** A forwarding target: any valid phone number, stored as E.164 (libphonenumber decides, not a regex). */
const e164Rule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const e164 = toE164(value)
  if (!e164) return field.report('The {{ field }} field must be a valid phone number in E.164 form, e.g. +14155550123', 'e164', field)
  field.mutate(e164, field)
})

const timezoneRule = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && !IANAZone.isValidZone(value)) {
    field.report('The {{ field }} field must be an IANA time zone such as Europe/Berlin', 'timezone', field)
  }
})

/** "09:00-17:30": two clock times (24:00 may close the day), the second after the first. */
const intervalRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const [open, close, extra] = value.split('-')
  if (extra !== undefined || !validClock(open ?? '') || !(validClock(close ?? '') || close === '24:00')) {
    return field.report('The {{ field }} field must be hours as HH:mm-HH:mm, e.g. 09:00-17:30', 'interval', field)
  }
  if (!parseInterval(value)) field.report('The {{ field }} field must close after it opens', 'interval_order', field)
})

const validClock = (clock: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(clock)

const weekdaysRule = vine.createRule((value, _options, field) => {
  if (!vine.helpers.isObject(value)) return
  const bad = Object.keys(value).find((key) => !/^[1-7]$/.test(key))
  if (bad !== undefined) field.report(`The {{ field }} field has weekday "${bad}"; weekdays are 1 (Monday) to 7 (Sunday)`, 'weekday', field)
})

/** A calendar date as YYYY-MM-DD that exists (no 2025-02-30). */
const dateRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
    field.report('The {{ field }} field must be a date as YYYY-MM-DD', 'date', field)
  }
})

/** Business hours in one time zone, with holidays (closed all day). */
const schedule = () =>
  vine.object({
    timezone: vine.string().trim().maxLength(64).use(timezoneRule()),
    hours: vine.record(vine.array(vine.string().trim().use(intervalRule())).maxLength(8)).use(weekdaysRule()),
    holidays: vine.array(vine.string().trim().use(dateRule())).maxLength(366).optional(),
  })

const ruleFields = {
  priority: vine.number().withoutDecimals().range([0, 1000]).optional(),
  enabled: vine.boolean().optional(),
  target: vine.string().trim().maxLength(32).use(e164Rule()).nullable().optional(),
  timeoutSeconds: vine.number().withoutDecimals().range([5, 120]).nullable().optional(),
  schedule: schedule().nullable().optional(),
}

/** A new rule on a number. Rules that need each other's fields are checked by the rule service. */
export const createCallRuleValidator = vine.create({ type: vine.enum(RULE_TYPES), ...ruleFields })

/** A change to a rule: only what is sent changes. */
export const updateCallRuleValidator = vine.create({ type: vine.enum(RULE_TYPES).optional(), ...ruleFields })

/** Filters of call lists (the user's own, and the brand's CDR). */
export const listCallsValidator = vine.create({
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  direction: vine.enum(['inbound', 'outbound'] as const).optional(),
  status: vine.enum(CALL_STATUSES).optional(),
  from: vine.string().trim().use(dateRule()).optional(),
  to: vine.string().trim().use(dateRule()).optional(),
  userId: vine.number().withoutDecimals().positive().optional(),
  number: vine.string().trim().maxLength(32).optional(),
})
