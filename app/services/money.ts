/** Micro-units per major unit: amounts are integers, 1 = 0.000001 of the currency. */
export const MICROS = 1_000_000

/**
 * Formats integer micro-units for people, in the currency's usual digits (and more when
 * the amount needs them, e.g. per-minute rates), without floating-point arithmetic.
 */
export function formatMicros(micros: number | bigint, currency: string, locale = 'en-US') {
  const value = BigInt(micros)
  const negative = value < 0n
  const abs = negative ? -value : value
  const whole = abs / 1_000_000n
  let fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  if (fraction.length < 2) fraction = fraction.padEnd(2, '0')
  const text = `${negative ? '-' : ''}${whole}.${fraction}`
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: fraction.length,
    maximumFractionDigits: fraction.length,
  })
  return formatter.format(text as unknown as number)
}
