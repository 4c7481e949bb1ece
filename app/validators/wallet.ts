import vine from '@vinejs/vine'
import { LEDGER_CATEGORIES, LEDGER_KINDS } from '#models/ledger_entry'

/** A currency amount as people type it: "12.50", "-5", up to six decimals. */
export const signedAmount = () => vine.string().trim().regex(/^-?\d{1,9}(\.\d{1,6})?$/)
export const amount = () => vine.string().trim().regex(/^\d{1,9}(\.\d{1,6})?$/)

/** The ledger list's query string. */
export const listTransactionsValidator = vine.create({
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  category: vine.enum(LEDGER_CATEGORIES).optional(),
  kind: vine.enum(LEDGER_KINDS).optional(),
  from: vine.date({ formats: { utc: true } }).optional(),
  to: vine.date({ formats: { utc: true } }).optional(),
})

/** A staff adjustment: a signed amount and the reason the customer will see. */
export const adjustmentValidator = vine.create({
  amount: signedAmount(),
  reason: vine.string().trim().minLength(3).maxLength(200),
})

export const creditLimitValidator = vine.create({
  creditLimit: amount(),
})

/** A refund of one charge back into the wallet (goodwill for a failed call, say). */
export const chargeRefundValidator = vine.create({
  entryId: vine.number().withoutDecimals().min(1),
  amount: amount().optional(),
  reason: vine.string().trim().minLength(3).maxLength(200),
})
