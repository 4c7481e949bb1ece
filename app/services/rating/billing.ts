/**
 * The arithmetic of prices: billing increments, per-minute charges and markups, on integer
 * micro-units. Everything rounds up (the carrier and the brand are never short-changed), and
 * nothing here touches a float for money.
 */
import { ceilDiv } from '#services/money/amounts'

/** How call seconds are billed: e.g. 60/60, 30/6, 1/1, with a minimum. */
export interface Increments {
  firstIncrementSeconds: number
  nextIncrementSeconds: number
  minimumSeconds?: number
}

export const BASIS_POINTS = 10_000

/** Integer a * b / d rounded up, exact past 2^53 (BigInt only when the product needs it). */
export function mulDivCeil(a: number, b: number, d: number): number {
  const product = a * b
  if (Number.isSafeInteger(product)) return ceilDiv(product, d)
  const big = BigInt(a) * BigInt(b)
  const result = (big + BigInt(d) - 1n) / BigInt(d)
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount is too large to price')
  return Number(result)
}

/**
 * Billable seconds for a call of `seconds`: none for an unanswered (0 s) call; otherwise at
 * least the minimum, then the first increment, then whole next increments, rounded up.
 */
export function billableSeconds(seconds: number, increments: Increments): number {
  if (!(seconds > 0)) return 0
  const first = increments.firstIncrementSeconds
  const next = increments.nextIncrementSeconds
  const talked = Math.max(Math.ceil(seconds), increments.minimumSeconds ?? 0)
  if (talked <= first) return first
  return first + ceilDiv(talked - first, next) * next
}

/** The charge for `billable` seconds at a per-minute rate, rounded up to the micro-unit. */
export function perMinuteCharge(billable: number, perMinuteMicros: number): number {
  return billable === 0 ? 0 : mulDivCeil(billable, perMinuteMicros, 60)
}

/** A unit price over a cost: percent (basis points) rounded up, plus a fixed add-on. */
export function markedUp(costMicros: number, basisPoints: number, fixedMicros = 0): number {
  return mulDivCeil(costMicros, BASIS_POINTS + basisPoints, BASIS_POINTS) + fixedMicros
}

/** A call's cost and price, given both rates and both increment plans. */
export interface CallCharge {
  costMicros: number
  priceMicros: number
  billableSeconds: number
  costBillableSeconds: number
}

/**
 * Prices a call of `seconds`. The retail side never bills fewer seconds than the carrier bills
 * us (the larger of the two), so a price rate at or above the cost rate always covers the cost.
 * The connection fee is charged on answered calls only.
 */
export function chargeCall(
  seconds: number,
  cost: { perMinuteMicros: number; increments: Increments },
  price: { perMinuteMicros: number; increments: Increments; connectionFeeMicros: number }
): CallCharge {
  const costBillable = billableSeconds(seconds, cost.increments)
  const billable = Math.max(billableSeconds(seconds, price.increments), costBillable)
  const fee = billable > 0 ? price.connectionFeeMicros : 0
  return {
    costMicros: perMinuteCharge(costBillable, cost.perMinuteMicros),
    priceMicros: perMinuteCharge(billable, price.perMinuteMicros) + fee,
    billableSeconds: billable,
    costBillableSeconds: costBillable,
  }
}
