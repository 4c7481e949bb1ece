import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import PhoneNumber from '#models/phone_number'
import SipDevice from '#models/sip_device'
import type { RuleSchedule, RuleType } from '#models/call_rule'
import { dbTime } from '#services/db_time'
import { acrossAllTenants } from '#tenants/context'
import type { RuleData } from './rules_engine.js'

/** A call still "ringing" after this long lost its end event; it no longer makes the user busy. */
export const STALE_RINGING_MINUTES = 5

/**
 * The reads of the routing hot path, each one round trip as plain rows (no model hydration):
 * Kamailio asks for every INVITE, so a decision should cost as few queries as it can.
 */

/** One of a user's numbers that may carry calls (active, voice on). */
export interface CallerNumber {
  id: number
  e164: string
  country: string
  isPrimary: boolean
}

/** An authenticated device, its user and the user's voice numbers (primary first). */
export interface DeviceLine {
  deviceId: number
  deviceStatus: string
  userId: number
  userStatus: 'active' | 'suspended'
  numbers: CallerNumber[]
}

/**
 * A number of the platform, its brand, its holder's status, its call rules (priority order) and
 * whether the holder is on a call, for an inbound call.
 */
export interface NumberLine {
  id: number
  tenantId: number
  userId: number | null
  userStatus: 'active' | 'suspended' | null
  e164: string
  country: string
  status: PhoneNumber['status']
  voiceEnabled: boolean
  rules: RuleData[]
  /** The holder has a call answered, or ringing on their devices (not forwards or voicemail). */
  busy: boolean
}

/** The device by its SIP login within the tenant in context, with its user and numbers; null when unknown. */
export async function deviceLine(username: string, domain: string): Promise<DeviceLine | null> {
  const rows: Record<string, any>[] = await SipDevice.query()
    .join('users', (join) => join.on('users.id', '=', 'sip_devices.user_id').andOn('users.tenant_id', '=', 'sip_devices.tenant_id'))
    .leftJoin('phone_numbers', (join) =>
      join
        .on('phone_numbers.user_id', '=', 'users.id')
        .andOn('phone_numbers.tenant_id', '=', 'users.tenant_id')
        .andOnVal('phone_numbers.status', '=', 'active')
        .andOnVal('phone_numbers.voice_enabled', '=', true)
    )
    .where('sip_devices.username', username)
    .where('sip_devices.sip_domain', domain)
    .select(
      'sip_devices.id as device_id',
      'sip_devices.status as device_status',
      'users.id as user_id',
      'users.status as user_status',
      'phone_numbers.id as number_id',
      'phone_numbers.e164 as e164',
      'phone_numbers.country as country',
      'phone_numbers.is_primary as is_primary'
    )
    .orderBy('phone_numbers.is_primary', 'desc')
    .orderBy('phone_numbers.id', 'asc')
    .pojo()
  if (!rows.length) return null
  const [first] = rows
  return {
    deviceId: first.device_id,
    deviceStatus: first.device_status,
    userId: first.user_id,
    userStatus: first.user_status,
    numbers: rows
      .filter((row) => row.number_id !== null)
      .map((row) => ({ id: row.number_id, e164: row.e164, country: row.country, isPrimary: Boolean(row.is_primary) })),
  }
}

/** A user's voice numbers, primary first (for callers that did not come through deviceLine). */
export async function voiceNumbersOf(userId: number): Promise<CallerNumber[]> {
  const numbers = await PhoneNumber.query()
    .where('user_id', userId)
    .where('status', 'active')
    .where('voice_enabled', true)
    .orderBy('is_primary', 'desc')
    .orderBy('id', 'asc')
  return numbers.map((number) => ({ id: number.id, e164: number.e164, country: number.country, isPrimary: number.isPrimary }))
}

/** The number called, in whichever brand holds it, with its holder, rules and busy state; null when unknown. */
export async function numberLine(e164: string): Promise<NumberLine | null> {
  const busySince = dbTime(DateTime.now().minus({ minutes: STALE_RINGING_MINUTES }))
  const rows: Record<string, any>[] = await acrossAllTenants('inbound call routing', () =>
    PhoneNumber.query()
      .leftJoin('users', (join) => join.on('users.id', '=', 'phone_numbers.user_id').andOn('users.tenant_id', '=', 'phone_numbers.tenant_id'))
      .leftJoin('call_rules', (join) =>
        join.on('call_rules.phone_number_id', '=', 'phone_numbers.id').andOn('call_rules.tenant_id', '=', 'phone_numbers.tenant_id')
      )
      .where('phone_numbers.e164', e164)
      .select('phone_numbers.id', 'phone_numbers.tenant_id', 'phone_numbers.user_id', 'users.status as user_status', 'phone_numbers.e164')
      .select('phone_numbers.country', 'phone_numbers.status', 'phone_numbers.voice_enabled')
      .select('call_rules.id as rule_id', 'call_rules.type as rule_type', 'call_rules.priority as rule_priority')
      .select('call_rules.enabled as rule_enabled', 'call_rules.target as rule_target', 'call_rules.timeout_seconds as rule_timeout')
      .select('call_rules.schedule as rule_schedule')
      .select(
        db.raw(
          `(SELECT COUNT(*) FROM calls WHERE calls.tenant_id = phone_numbers.tenant_id AND calls.user_id = phone_numbers.user_id
             AND calls.route IN ('device', 'pstn', 'trunk')
             AND (calls.status = 'answered' OR (calls.status = 'ringing' AND calls.started_at > ?))) AS busy_calls`,
          [busySince]
        )
      )
      .orderBy('call_rules.priority', 'asc')
      .orderBy('call_rules.id', 'asc')
      .pojo()
  )
  const row = rows[0]
  if (!row) return null
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    userStatus: row.user_status,
    e164: row.e164,
    country: row.country,
    status: row.status,
    voiceEnabled: Boolean(row.voice_enabled),
    rules: rows.filter((rule) => rule.rule_id !== null).map(ruleOf),
    busy: Number(row.busy_calls) > 0,
  }
}

function ruleOf(row: Record<string, any>): RuleData {
  const schedule = typeof row.rule_schedule === 'string' ? (JSON.parse(row.rule_schedule) as RuleSchedule) : (row.rule_schedule ?? null)
  return {
    id: row.rule_id,
    type: row.rule_type as RuleType,
    priority: Number(row.rule_priority),
    enabled: Boolean(row.rule_enabled),
    target: row.rule_target,
    timeoutSeconds: row.rule_timeout,
    schedule,
  }
}
