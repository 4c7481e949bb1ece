import type { TenantSnapshot } from '#tenants/snapshot'
import { formatMicros } from '#services/money'
import { invalidAmount } from '#services/money/errors'
import { isKnownCurrency, microsPerMinor, minorDigits } from '#services/money/amounts'
import { MAX_MOVEMENT_MICROS } from '#services/money/wallet_service'
import { parseAmountToMicros } from '#services/admin_money_input'

/** An amount as the portal and the API accept it: a decimal string, or integer micro-units. */
export interface AmountInput {
  amount?: string | null
  amountMicros?: number | null
}

/**
 * The brand's wallet currency. A request may name it (the API's `currency`), but naming an
 * unknown currency or another one is refused with the field at fault.
 */
export function rechargeCurrency(tenant: Pick<TenantSnapshot, 'config'>, requested?: string | null) {
  const currency = tenant.config.pricing.currency
  if (requested === undefined || requested === null) return currency
  const code = requested.trim().toUpperCase()
  if (!isKnownCurrency(code)) throw invalidAmount('currency', `"${requested}" is not a currency code Brandline knows`)
  if (code !== currency) throw invalidAmount('currency', `Wallets of this brand are in ${currency}, not ${code}`)
  return currency
}

/** Micro-units from "25.00" or from `amountMicros`; exactly one must be given. */
export function amountMicrosOf(input: AmountInput, field = 'amount'): { micros: number; field: string } {
  const given = (value: unknown) => value !== undefined && value !== null && value !== ''
  if (given(input.amountMicros) && given(input.amount)) throw invalidAmount(field, 'Send amount or amountMicros, not both')
  if (given(input.amountMicros)) {
    return { micros: input.amountMicros!, field: 'amountMicros' }
  }
  if (!given(input.amount)) {
    throw invalidAmount(field, 'Enter an amount, such as 25.00')
  }
  const trimmed = input.amount!.trim()
  if (trimmed.startsWith('-')) throw invalidAmount(field, 'The amount must be more than zero')
  const micros = parseAmountToMicros(trimmed)
  if (micros === null && /^\d+(\.\d+)?$/.test(trimmed) && !/\.\d{7,}$/.test(trimmed)) throw invalidAmount(field, 'The amount is too large')
  if (micros === null) throw invalidAmount(field, 'Enter the amount as a plain number, such as 25.00')
  return { micros, field }
}

/**
 * A recharge amount the brand accepts: above zero, a whole number of cents (or the currency's
 * minor unit), and within the brand's minimum and maximum.
 */
export function checkRechargeAmount(tenant: Pick<TenantSnapshot, 'config'>, micros: number, currency: string, field = 'amount') {
  if (!Number.isInteger(micros)) throw invalidAmount(field, 'The amount must be a whole number of micro-units')
  if (micros <= 0) throw invalidAmount(field, 'The amount must be more than zero')
  if (Number.isSafeInteger(micros) && micros % microsPerMinor(currency) !== 0) {
    const digits = minorDigits(currency)
    throw invalidAmount(field, `${currency} amounts have at most ${digits} decimal${digits === 1 ? '' : 's'}`)
  }
  const { minMicros, maxMicros } = tenant.config.payments.recharge
  const max = Math.min(maxMicros, MAX_MOVEMENT_MICROS)
  if (!Number.isSafeInteger(micros) || micros < minMicros || micros > max) {
    const range = `${formatMicros(minMicros, currency)} and ${formatMicros(max, currency)}`
    throw invalidAmount(field, `A recharge must be between ${range}`)
  }
  return micros
}
