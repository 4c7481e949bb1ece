import vine from '@vinejs/vine'

/** POST /mms/send: a destination, and a text, media uploaded before (POST /mms/media), or both. */
export const sendMmsValidator = vine.create({
  from: vine.string().trim().maxLength(32).optional(),
  to: vine.string().trim().minLength(2).maxLength(32),
  body: vine.string().maxLength(5000).optional(),
  media_ids: vine.array(vine.number().withoutDecimals().positive()).maxLength(50).distinct().optional(),
})

/** GET /mms: a page of the token holder's MMS, optionally one conversation or one direction. */
export const listMmsValidator = vine.create({
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  contact: vine.string().trim().maxLength(32).optional(),
  direction: vine.enum(['inbound', 'outbound'] as const).optional(),
})
