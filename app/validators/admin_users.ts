import vine from '@vinejs/vine'

/** The user list's query string: an email search and a page number, both optional. */
export const listUsersValidator = vine.create({
  q: vine.string().trim().maxLength(254).nullable().optional(),
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
})
