/**
 * Decimal amounts as admins type them ("0.015") <-> integer micro-units as they are stored
 * (15000). Pure string and BigInt arithmetic: a float never touches a price.
 */
const DECIMAL = /^(\d{0,13})(?:\.(\d{1,6}))?$/

/** Micro-units for a typed amount, or null when it is not a plain amount with at most 6 decimals. */
export function parseAmountToMicros(input: string): number | null {
  const match = DECIMAL.exec(input.trim())
  if (!match || (match[1] === '' && match[2] === undefined)) return null
  const micros = BigInt(match[1] || '0') * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'))
  return micros > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(micros)
}

/** The amount an admin sees in a form: at least two decimals, more only when the value needs them. */
export function microsToAmount(micros: number | bigint): string {
  const value = BigInt(micros)
  const sign = value < 0n ? '-' : ''
  const abs = value < 0n ? -value : value
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '').padEnd(2, '0')
  return `${sign}${abs / 1_000_000n}.${fraction}`
}
