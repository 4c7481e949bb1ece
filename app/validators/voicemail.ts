import vine from '@vinejs/vine'

/** The voicemail list's query string: a page, and optionally only the unheard messages. */
export const listVoicemailsValidator = vine.create({
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  unread: vine.boolean().optional(),
})
