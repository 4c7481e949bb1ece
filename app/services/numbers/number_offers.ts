import { DateTime } from 'luxon'
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max'
import PhoneNumber from '#models/phone_number'
import NumberReservation from '#models/number_reservation'
import rating, { NoRateError, type NumberQuote } from '#services/rating/rating_service'
import { countryOfE164, typeOfE164 } from '#services/phone'
import { dbTime } from '#services/db_time'
import numberProviders from '#telephony/numbers/manager'
import type { AvailableNumber } from '#telephony/types'
import { acrossAllTenants } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { invalidNumberInput, NumberException, numberUnavailable } from './errors.js'

/** Who holds numbers at the moment: sold ones (any status, any brand) and live reservations. */
export interface Holders {
  sold: Set<string>
  /** e164 -> the reservation holding it now. */
  reserved: Map<string, { tenantId: number; userId: number; expiresAt: DateTime }>
}

/** E.164 is unique across the platform: these look past the brand on purpose. */
export function holdersOf(e164s: string[], now = DateTime.now()): Promise<Holders> {
  return acrossAllTenants('E.164 numbers are unique across brands', async (): Promise<Holders> => {
    if (!e164s.length) return { sold: new Set(), reserved: new Map() }
    const [sold, reserved] = await Promise.all([
      PhoneNumber.query().whereIn('e164', e164s).select('e164'),
      NumberReservation.query().whereIn('e164', e164s).where('expires_at', '>', dbTime(now)),
    ])
    return {
      sold: new Set(sold.map((row) => row.e164)),
      reserved: new Map(reserved.map((row) => [row.e164, { tenantId: row.tenantId, userId: row.userId, expiresAt: row.expiresAt }])),
    }
  })
}

/** The brand's price of a number: setup plus monthly, or null when its price list has none. */
export async function priceOf(tenant: TenantSnapshot, offer: Pick<AvailableNumber, 'country' | 'type'>): Promise<NumberQuote | null> {
  try {
    return await rating.quoteNumber(tenant, { country: offer.country, type: offer.type })
  } catch (error) {
    if (error instanceof NoRateError) return null
    throw error
  }
}

/** Like priceOf, for a number someone is about to take: no price is a 422 on `e164`. */
export async function requirePrice(tenant: TenantSnapshot, offer: AvailableNumber) {
  const quote = await priceOf(tenant, offer)
  if (quote) return quote
  const what = `${offer.type.replace('_', '-')} numbers in ${offer.country}`
  throw new NumberException(`${offer.e164} cannot be bought here: there is no price for ${what}`, { status: 422, code: 'NO_RATE', field: 'e164' })
}

/**
 * The brand's countries a number could belong to: those of its regions that share the number's
 * calling code (US and CA share +1 and its toll-free codes), libphonenumber's guess first.
 */
export function countriesFor(tenant: TenantSnapshot, e164: string): string[] {
  const guess = countryOfE164(e164)
  const code = e164.slice(1)
  const sharing = tenant.config.regions.filter((region) => {
    try {
      return code.startsWith(getCountryCallingCode(region as CountryCode))
    } catch {
      return false
    }
  })
  return [...new Set([guess, ...sharing].filter((c): c is string => Boolean(c) && sharing.includes(c!)))]
}

/** The provider's current offer for one number the brand may sell; 422 outside its regions, 409 when not offered. */
export async function offerFor(tenant: TenantSnapshot, e164: string): Promise<AvailableNumber> {
  const guess = countryOfE164(e164)
  const sharedTollFree = typeOfE164(e164) === 'TOLL_FREE'
  const countries = countriesFor(tenant, e164)
  if (!countries.length || (guess && !sharedTollFree && !countries.includes(guess))) {
    throw invalidNumberInput('e164', `This service does not sell numbers in ${guess ?? 'that country'}`)
  }
  const provider = await numberProviders.for(tenant)
  for (const country of countries) {
    const national = e164.slice(1 + getCountryCallingCode(country as CountryCode).length)
    const found = await provider.search({ country, contains: national, limit: 5 })
    const offer = found.find((row) => row.e164 === e164)
    if (offer) return offer
  }
  throw numberUnavailable(e164, 'the provider does not have it for sale')
}
