import { stringify } from 'csv-stringify/sync'
import type Call from '#models/call'
import { presentCall } from './call_feed.js'

/** A call as its user sees it: what happened and what it cost them (no wholesale cost). */
export function serializeCall(call: Call) {
  return {
    ...presentCall(call),
    sipCode: call.sipCode,
    priceMicros: call.priceMicros,
    ratePerMinuteMicros: call.ratePerMinuteMicros,
  }
}

/** A CDR line for the brand's staff: the user's view plus who, the cost and the margin. */
export function serializeCdr(call: Call, email: string | null) {
  const price = call.priceMicros ?? 0
  const cost = call.costMicros ?? 0
  return {
    ...serializeCall(call),
    userId: call.userId,
    userEmail: email,
    switch: call.switch,
    ratePrefix: call.ratePrefix,
    costMicros: call.costMicros,
    marginMicros: price - cost,
    uncollectedMicros: call.uncollectedMicros,
  }
}

export const CDR_COLUMNS = [
  'id', 'uuid', 'started_at', 'answered_at', 'ended_at', 'direction', 'status', 'user_email', 'from', 'to', 'caller_id',
  'route', 'forwarded_to', 'duration_seconds', 'billable_seconds', 'rate_prefix', 'currency', 'price', 'cost', 'charged',
  'uncollected', 'sip_code', 'hangup_cause', 'reason',
]

/** Micro-units as a plain decimal with six places ("0.015000"), exact: no floats. */
function decimal(micros: number | null) {
  if (micros === null || micros === undefined) return ''
  const sign = micros < 0 ? '-' : ''
  const abs = Math.abs(micros)
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`
}

/** One CDR line in CDR_COLUMNS order. */
export function cdrRow(call: Call, email: string | null): (string | number | null)[] {
  return [
    call.id, call.uuid, call.startedAt?.toUTC().toISO() ?? '', call.answeredAt?.toUTC().toISO() ?? '', call.endedAt?.toUTC().toISO() ?? '',
    call.direction, call.status, email, call.fromNumber, call.toNumber, call.callerId, call.route, call.forwardedTo,
    call.durationSeconds, call.billableSeconds, call.ratePrefix, call.currency, decimal(call.priceMicros), decimal(call.costMicros),
    decimal(call.chargedMicros), decimal(call.uncollectedMicros), call.sipCode, call.hangupCause, call.reason,
  ]
}

/**
 * One CSV line (RFC 4180, CRLF) through csv-stringify. A cell a spreadsheet would run as a
 * formula (=, @, a leading tab, or +/- not followed by a number) gets a leading apostrophe;
 * E.164 numbers ("+1415...") stay as they are.
 */
export function csvLine(cells: (string | number | null | undefined)[]) {
  const safe = cells.map((cell) => {
    const text = cell === null || cell === undefined ? '' : String(cell)
    return /^[=@\t\r]/.test(text) || /^[+-](?![\d.]+$)/.test(text) ? `'${text}` : text
  })
  return stringify([safe], { record_delimiter: 'windows' })
}
