import type PhoneNumber from '#models/phone_number'
import type NumberReservation from '#models/number_reservation'
import type { NumberQuote } from '#services/rating/rating_service'
import { money } from '#services/money/wallet_presenter'
import { formatE164 } from '#services/phone'
import type { PricedOffer } from './number_search_service.js'
import type { InventoryRow } from './inventory_service.js'

/** A number as its holder sees it over the API. */
export function serializeNumber(number: PhoneNumber, currency: string) {
  return {
    id: number.id,
    e164: number.e164,
    formatted: formatE164(number.e164),
    country: number.country,
    type: number.type,
    status: number.status,
    primary: number.isPrimary,
    region: number.region,
    locality: number.locality,
    capabilities: { voice: number.voiceEnabled, sms: number.smsEnabled, mms: number.mmsEnabled },
    setupPrice: money(number.setupPriceMicros, currency),
    monthlyPrice: money(number.monthlyPriceMicros, currency),
    purchasedAt: number.purchasedAt?.toISO() ?? null,
    renewsAt: number.renewsAt?.toISO() ?? null,
    graceUntil: number.graceUntil?.toISO() ?? null,
    quarantinedUntil: number.quarantinedUntil?.toISO() ?? null,
  }
}

/** The customer's price of a number: setup, monthly, and what the first charge will be. */
export function serializePrice(quote: NumberQuote) {
  return {
    setup: money(quote.setupPriceMicros, quote.currency),
    monthly: money(quote.monthlyPriceMicros, quote.currency),
    dueNow: money(quote.setupPriceMicros + quote.monthlyPriceMicros, quote.currency),
  }
}

/** A search result. */
export function serializeOffer(offer: PricedOffer) {
  return {
    e164: offer.e164,
    formatted: formatE164(offer.e164),
    country: offer.country,
    type: offer.type,
    region: offer.region,
    locality: offer.locality,
    capabilities: offer.capabilities,
    price: serializePrice(offer.quote),
    reservedUntil: offer.reservedUntil?.toISO() ?? null,
  }
}

export function serializeReservation(reservation: NumberReservation, quote: NumberQuote) {
  return {
    id: reservation.id,
    e164: reservation.e164,
    country: reservation.country,
    type: reservation.type,
    expiresAt: reservation.expiresAt.toISO(),
    price: serializePrice(quote),
  }
}

/** An inventory line for staff: the number, its holder and its money (price vs wholesale cost). */
export function serializeInventoryRow(row: InventoryRow, withBrand = false) {
  const { number, currency } = row
  return {
    ...serializeNumber(number, currency),
    holder: row.holder,
    monthlyCost: money(number.monthlyCostMicros, currency),
    provider: number.provider,
    releasedAt: number.releasedAt?.toISO() ?? null,
    ...(withBrand ? { brand: row.brand } : {}),
  }
}
