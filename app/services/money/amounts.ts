import { MICROS } from '#services/money'
import { parseAmountToMicros } from '#services/admin_money_input'

/** ISO 4217 codes ICU knows, read once. */
export const CURRENCIES: readonly string[] = (Intl as any).supportedValuesOf('currency')
const KNOWN = new Set(CURRENCIES)

/**
 * Conversions between Brandline's integer micro-units and a gateway's minor units (cents for
 * USD, whole yen for JPY). The number of minor digits comes from ICU (Intl), not from a table
 * of our own.
 */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2
}

/** ISO 4217 codes that ICU knows; anything else is an unknown currency. */
export function isKnownCurrency(code: string): boolean {
  return KNOWN.has(code)
}

/** Micro-units per minor unit: 10,000 for USD (one cent), 1,000,000 for JPY. */
export function microsPerMinor(currency: string): number {
  return MICROS / 10 ** minorDigits(currency)
}

/** Minor units for an amount in micros; throws when the amount is not a whole number of them. */
export function microsToMinor(micros: number, currency: string): number {
  const per = microsPerMinor(currency)
  if (!Number.isSafeInteger(micros) || micros % per !== 0) {
    throw new RangeError(`${micros} micros is not a whole number of ${currency} minor units`)
  }
  return micros / per
}

export function minorToMicros(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not an integer amount`)
  return minor * microsPerMinor(currency)
}

/** A signed decimal string ("21.12", "-5") -> micros, without floats; throws RangeError when it is not one. */
export function decimalToMicros(value: string): number {
  const text = value.trim()
  const negative = text.startsWith('-')
  const micros = parseAmountToMicros(negative ? text.slice(1) : text)
  if (micros === null) throw new RangeError(`"${value}" is not a decimal amount`)
  return negative ? -micros : micros
}

export function microsToDecimal(micros: number, currency: string): string {
  const digits = minorDigits(currency)
  const minor = microsToMinor(micros, currency)
  if (digits === 0) return String(minor)
  const text = String(Math.abs(minor)).padStart(digits + 1, '0')
  return `${minor < 0 ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/** Integer division rounded up, for non-negative safe integers. */
export function ceilDiv(numerator: number, denominator: number): number {
  const quotient = Math.floor(numerator / denominator)
  return quotient * denominator < numerator ? quotient + 1 : quotient
}
