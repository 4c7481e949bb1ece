import vine from '@vinejs/vine'
import { MESSAGE_STATUSES } from '#models/message'

/**
 * The shapes of the messaging API. Only the form of each field is checked here; what it means
 * (a number the user owns, a destination the brand serves, a body that fits in ten segments, a
 * time in the future) is messageService.prepare's, which names the same fields.
 */

/** A phone number as typed: E.164 is checked by the service, so its error says why. */
const phone = () => vine.string().trim().maxLength(32)
/** Bodies far past any SMS are refused before they are segmented; the service has the real limit. */
const body = () => vine.string().maxLength(20_000)
const page = () => vine.number().withoutDecimals().range([1, 100_000]).optional()
const perPage = () => vine.number().withoutDecimals().range([1, 100]).optional()

/** POST /sms/send */
export const sendSmsValidator = vine.create({
  from: phone().optional(),
  to: phone(),
  body: body(),
})

/** POST /sms/schedule: `send_at` is an ISO 8601 instant, or a local date-time read in `time_zone`. */
export const scheduleSmsValidator = vine.create({
  from: phone().optional(),
  to: phone(),
  body: body(),
  send_at: vine.string().trim().maxLength(64),
  time_zone: vine.string().trim().maxLength(64).optional(),
})

/** GET /sms: newest first, optionally one direction, status or contact. */
export const listSmsValidator = vine.create({
  page: page(),
  perPage: perPage(),
  direction: vine.enum(['inbound', 'outbound'] as const).optional(),
  status: vine.enum(MESSAGE_STATUSES).optional(),
  contact: phone().optional(),
})

/** GET /sms/scheduled and a thread's messages: pages only. */
export const pageValidator = vine.create({
  page: page(),
  perPage: perPage(),
})

/** GET /messages/threads: optionally only the conversations of one of the user's numbers. */
export const listThreadsValidator = vine.create({
  page: page(),
  perPage: perPage(),
  number: phone().optional(),
})

/** GET /sms/estimate: the composer's live counter (a query string, so a shorter cap); `to` prices it. */
export const estimateSmsValidator = vine.create({
  body: vine.string().maxLength(5_000).optional(),
  to: phone().optional(),
})
