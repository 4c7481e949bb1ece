import vine from '@vinejs/vine'
import { toE164 } from '#services/phone'
import { CAPABILITIES, NUMBER_TYPES } from '#telephony/types'

/** The longest vanity pattern a user may search for. */
export const MAX_VANITY_LENGTH = 10

/** A phone number in international form, checked and normalised by libphonenumber (never a regex). */
const e164Rule = vine.createRule((value, _options, field) => {
  const e164 = toE164(value)
  if (!e164) {
    field.report('Enter a valid phone number in international format, such as +14155550123', 'e164', field)
    return
  }
  field.mutate(e164, field)
})

/** Shared rule: an E.164 number. */
export const e164Number = () => vine.string().trim().maxLength(32).use(e164Rule())

/**
 * Search filters as a query string or form sends them. `capabilities` may come as
 * "voice,sms" or as a list; `pattern` is letters and digits (letters are keypad digits).
 */
export const searchNumbersValidator = vine.create({
  country: vine.string().trim().toUpperCase().fixedLength(2).alpha().optional(),
  type: vine.enum(NUMBER_TYPES).optional(),
  areaCode: vine.string().trim().regex(/^\d{1,6}$/).optional(),
  region: vine.string().trim().maxLength(64).optional(),
  capabilities: vine.array(vine.enum(CAPABILITIES)).distinct().optional(),
  pattern: vine.string().trim().maxLength(MAX_VANITY_LENGTH).alphaNumeric().optional(),
  limit: vine.number().withoutDecimals().range([1, 50]).optional(),
})

/** Turns "voice,sms" (or repeated keys) into a list, and drops empty form fields, before validation. */
export function searchInput(raw: Record<string, any>) {
  const input: Record<string, any> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === null || value === undefined) continue
    input[key] = value
  }
  const capabilities = input.capabilities
  if (typeof capabilities === 'string') input.capabilities = capabilities.split(',').map((c) => c.trim()).filter(Boolean)
  if (Array.isArray(input.capabilities) && !input.capabilities.length) delete input.capabilities
  return input
}

/** Reserve or buy one number. */
export const numberChoiceValidator = vine.create({
  e164: e164Number(),
})

/** Switch a number on or off. */
export const numberStatusValidator = vine.create({
  status: vine.enum(['active', 'disabled'] as const),
})

/** The staff inventory's filters. */
export const inventoryValidator = vine.create({
  status: vine.enum(['active', 'disabled', 'grace', 'quarantined'] as const).optional(),
  q: vine.string().trim().maxLength(100).optional(),
  page: vine.number().withoutDecimals().range([1, 100_000]).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
})

/** The platform inventory's filters: the brand's filters plus one brand. */
export const platformInventoryValidator = vine.create({
  status: vine.enum(['active', 'disabled', 'grace', 'quarantined'] as const).optional(),
  q: vine.string().trim().maxLength(100).optional(),
  tenant: vine.number().withoutDecimals().min(1).optional(),
  page: vine.number().withoutDecimals().range([1, 100_000]).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
})
