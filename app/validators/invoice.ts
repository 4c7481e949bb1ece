import vine from '@vinejs/vine'

/** The invoice list's query string. */
export const listInvoicesValidator = vine.create({
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
})

/** The admin list's query string: a page and, optionally, one month. */
export const adminListInvoicesValidator = vine.create({
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  period: vine.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
})
