import type { ReceiptStatus } from '#telephony/types'

/** A delivery receipt as read from a deliver_sm's text (SMPP 3.4 Appendix B) and TLVs. */
export interface ParsedReceipt {
  id: string | null
  stat: string | null
  status: ReceiptStatus | null
  /** The carrier's `err:` value; null when absent or all zeros. */
  errorCode: string | null
  submitAt: Date | null
  doneAt: Date | null
}

/** Receipt `stat:` values (and the odd non-standard ones carriers send) as our receipt statuses. */
const STATS: Record<string, ReceiptStatus> = {
  ENROUTE: 'enroute',
  ACCEPTD: 'accepted',
  DELIVRD: 'delivered',
  EXPIRED: 'expired',
  DELETED: 'failed',
  UNDELIV: 'failed',
  UNKNOWN: 'failed',
  REJECTD: 'failed',
  FAILED: 'failed',
}

/** The message_state TLV (0x0427) values, 1-9. */
const STATES: Record<number, ReceiptStatus> = {
  1: 'enroute',
  2: 'delivered',
  3: 'expired',
  4: 'failed',
  5: 'failed',
  6: 'accepted',
  7: 'failed',
  8: 'failed',
  9: 'failed',
}

const KEYS = ['id', 'sub', 'dlvrd', 'submit date', 'done date', 'stat', 'err', 'text']
const KEY_PATTERN = new RegExp(`(?:^|\\s)(${KEYS.join('|')}):`, 'gi')

/**
 * Reads a receipt text the way carriers really write it: keys in any order and any case
 * (`Text:`), missing keys, dates of 10, 12 or 14 digits (or SMPP absolute time with tenths and
 * a quarter-hour offset), a zeroed done date, and a bare status word with no `stat:` key.
 */
export function parseReceiptText(text: string): ParsedReceipt {
  const fields = fieldsOf(text)
  let stat = fields.stat?.split(/\s+/)[0]?.toUpperCase() || null
  if (!stat) {
    const bare = text.toUpperCase().match(new RegExp(`(?:^|\\s)(${Object.keys(STATS).join('|')})(?=\\s|$)`))
    stat = bare ? bare[1] : null
  }
  const err = fields.err?.split(/\s+/)[0] || null
  return {
    id: fields.id?.split(/\s+/)[0] || null,
    stat,
    status: stat ? (STATS[stat] ?? 'failed') : null,
    errorCode: err && /[^0]/.test(err) ? err : null,
    submitAt: receiptDate(fields['submit date']),
    doneAt: receiptDate(fields['done date']),
  }
}

/** Our status from the message_state TLV, when the SMSC sent one. */
export function statusOfState(state: unknown): ReceiptStatus | null {
  return typeof state === 'number' ? (STATES[state] ?? null) : null
}

function fieldsOf(text: string) {
  const found: Array<{ key: string; start: number; valueStart: number }> = []
  for (const match of text.matchAll(KEY_PATTERN)) {
    found.push({ key: match[1].toLowerCase(), start: match.index!, valueStart: match.index! + match[0].length })
  }
  const fields: Record<string, string> = {}
  found.forEach((field, i) => {
    const end = i + 1 < found.length ? found[i + 1].start : text.length
    if (!(field.key in fields)) fields[field.key] = text.slice(field.valueStart, end).trim()
  })
  return fields
}

/**
 * YYMMDDhhmm[ss], YYYYMMDDhhmm[ss], or SMPP absolute time YYMMDDhhmmsstnnp; UTC unless an
 * offset is given; null when zeroed or unreadable. Twelve digits are YYMMDDhhmmss unless that
 * is no date (some gateways write YYYYMMDDhhmm).
 */
export function receiptDate(value: string | undefined): Date | null {
  const raw = value?.split(/\s+/)[0]
  if (!raw || /^0+$/.test(raw)) return null
  const absolute = raw.match(/^(\d{12})\d(\d{2})([+-])$/)
  const digits = absolute ? absolute[1] : raw
  if (!/^\d+$/.test(digits)) return null
  const candidates = digits.length === 10 ? [`20${digits}00`] : digits.length === 12 ? [`20${digits}`, `${digits}00`] : digits.length === 14 ? [digits] : []
  for (const full of candidates) {
    const at = utcOf(full)
    if (!at) continue
    if (absolute) at.setTime(at.getTime() - (absolute[3] === '+' ? 1 : -1) * Number(absolute[2]) * 15 * 60_000)
    return at
  }
  return null
}

/** YYYYMMDDhhmmss as a UTC date, or null when a field is out of range. */
function utcOf(full: string) {
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(full.slice(at, at + (i ? 2 : 4))))
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second))
}
