import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { ISO_INSTANT } from '#services/rating/rate_csv'
import { parseAmountToMicros } from '#services/admin_money_input'

/**
 * Shared rules for rates: destinations, instants, currencies, amounts, rate files. Used by the
 * platform's wholesale pages and API, the brand admin's price list and the end-user quote.
 */

/** "+442071234567" (a query string may turn the + into a space, which trim removes). */
export const destination = () =>
  vine
    .string()
    .trim()
    .regex(/^\+?[1-9]\d{0,14}$/)
    .transform((value) => (value.startsWith('+') ? value : `+${value}`))

/** An ISO 8601 instant with a zone, normalised to UTC ("2026-01-01T00:00:00.000Z"). */
const instantRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const parsed = ISO_INSTANT.test(value) ? DateTime.fromISO(value, { setZone: true }) : null
  if (!parsed?.isValid) field.report('Enter an instant such as 2026-01-01T00:00:00Z', 'instant', field)
  else field.mutate(parsed.toUTC().toISO(), field)
})
export const instant = () => vine.string().trim().use(instantRule())

export const currencyCode = () => vine.string().trim().toUpperCase().fixedLength(3).alpha()

/** A typed decimal amount ("0.015") becomes integer micro-units (15000), exactly. */
const amountRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const micros = parseAmountToMicros(value)
  if (micros === null) field.report('Enter an amount such as 2.50 or 0.015 (at most 6 decimals)', 'amount', field)
  else field.mutate(micros, field)
})
export const amount = () => vine.string().use(amountRule()).transform((micros) => micros as unknown as number)

/** Micro-units as integers (the JSON API), up to 10,000 currency units. */
export const micros = () => vine.number().withoutDecimals().min(0).max(10_000_000_000)

/** A CSV upload: small enough for a request; bigger decks go through `ace rates:import`. */
export const csvFile = () => vine.file({ size: '5mb', extnames: ['csv', 'txt'] })

/** A quote request: where to, how long (0 to 24 hours). */
export const quoteValidator = vine.create({
  destination: destination(),
  seconds: vine.number().withoutDecimals().range([0, 86_400]),
  at: instant().optional(),
})

/** Uploading a wholesale deck: currency and increments are checked again by the import itself. */
export const deckUploadValidator = vine.create({
  currency: vine.string().trim().maxLength(3),
  name: vine.string().trim().minLength(1).maxLength(120),
  increments: vine.string().trim().maxLength(9).optional(),
  file: csvFile(),
})

export const rateLookupValidator = vine.create({
  currency: currencyCode(),
  destination: destination(),
  at: instant().optional(),
})

const numberCost = <T>(amountRule: () => T) =>
  vine.object({
    country: vine.string().trim().toUpperCase().fixedLength(2).alpha(),
    type: vine.enum(['local', 'mobile', 'toll_free'] as const),
    setupMicros: amountRule() as ReturnType<typeof micros>,
    monthlyMicros: amountRule() as ReturnType<typeof micros>,
    effectiveFrom: instant().nullable().optional(),
  })

/** The API's number costs of one currency, amounts in micro-units. */
export const numberCostsValidator = vine.create({
  currency: currencyCode(),
  costs: vine.array(numberCost(micros)).maxLength(1000),
})

/** The console's form: the same, amounts typed as decimals. */
export const numberCostsFormValidator = vine.create({
  currency: currencyCode(),
  costs: vine.array(numberCost(amount)).maxLength(1000),
})
