import app from '@adonisjs/core/services/app'
import rating, { NoRateError } from '#services/rating/rating_service'
import { formatMicros } from '#services/money'
import { toE164 } from '#services/phone'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { MessagingConfig } from '#config/messaging'
import { segmentsOf } from './segments.js'

/** What the composer shows while the user types: how the text travels and what it will cost. */
export interface SmsEstimate {
  encoding: 'GSM-7' | 'UCS-2'
  segments: number
  characters: number
  maxSegments: number
  /** null until the destination is a number the brand has a price for. */
  priceMicros: number | null
  currency: string
  formatted: string | null
}

/**
 * The composer's live estimate, with the same segment counting and rating that sending uses,
 * so the figure shown is the figure held. A destination that is not (yet) a valid number just
 * has no price.
 */
export async function estimateSms(tenant: TenantSnapshot, input: { to?: string | null; body?: string | null }): Promise<SmsEstimate> {
  const body = (input.body ?? '').normalize('NFC')
  const { encoding, segments, characters } = segmentsOf(body)
  const currency = tenant.config.pricing.currency
  const { maxSegments } = app.config.get<MessagingConfig>('messaging').limits
  const estimate: SmsEstimate = { encoding, segments, characters, maxSegments, priceMicros: null, currency, formatted: null }
  const to = input.to?.trim().startsWith('+') ? toE164(input.to) : null
  if (!to) return estimate
  try {
    const quote = await rating.quoteSms(tenant, { destination: to.slice(1), segments })
    return { ...estimate, priceMicros: quote.priceMicros, currency: quote.currency, formatted: formatMicros(quote.priceMicros, quote.currency) }
  } catch (error) {
    if (error instanceof NoRateError) return estimate
    throw error
  }
}
