import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'

/**
 * Phone numbers through libphonenumber: parse what a user typed (national or international)
 * into E.164, or null when it is not a valid number.
 */
export function toE164(raw: unknown, defaultCountry?: string): string | null {
  if (typeof raw !== 'string' || raw.length > 32) return null
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry as CountryCode | undefined)
  return parsed?.isValid() ? parsed.number : null
}

/** The ISO country of a valid E.164 number (null when it has none, e.g. a non-geographic code). */
export function countryOfE164(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null
}

/** The number type libphonenumber infers (MOBILE, FIXED_LINE, TOLL_FREE, ...), for display and checks. */
export function typeOfE164(e164: string) {
  return parsePhoneNumberFromString(e164)?.getType() ?? null
}

/** A readable international form, "+1 415 555 0123". */
export function formatE164(e164: string) {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}
