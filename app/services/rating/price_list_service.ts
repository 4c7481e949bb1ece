import tenancy from '#tenants/main'
import { microsToAmount } from '#services/admin_money_input'
import rating from './rating_service.js'
import { InvalidRatesException } from './errors.js'
import { parseRateCsv } from './rate_csv.js'
import { markedUp } from './billing.js'
import { numberCostAt, type NumberCost, type Pricing, type WholesaleDeck } from './quotes.js'
import { isoInstant } from './instants.js'
import type { PrefixIndex } from './prefix_index.js'

type TenantRef = { id: number; slug: string }

/** A retail amount beside the wholesale one, as the price list editor shows it. */
export interface Margin {
  wholesale: string | null
  margin: string | null
  /** Margin over wholesale in percent, one decimal; null when wholesale is 0 or unknown. */
  percent: string | null
  negative: boolean
}

/** The most explicit call rates a brand may keep (the config schema's limit). */
export const MAX_VOICE_RATES = 5000

/** Compares a retail amount with its wholesale cost, for people. */
export function margin(priceMicros: number, costMicros: number | null): Margin {
  if (costMicros === null) return { wholesale: null, margin: null, percent: null, negative: false }
  const difference = priceMicros - costMicros
  const percent = costMicros > 0 ? (Math.round((difference * 1000) / costMicros) / 10).toFixed(1) : null
  return { wholesale: microsToAmount(costMicros), margin: microsToAmount(difference), percent, negative: difference < 0 }
}

/**
 * A brand's retail price list against the platform's wholesale costs: CSV import of call rates
 * (through the config service, so it is versioned and can be rolled back) and the margins the
 * editor shows.
 */
export class PriceListService {
  /** Replaces the brand's explicit call rates with a CSV's; any bad row refuses the whole file. */
  async importVoiceCsv(tenant: TenantRef, csv: string | Buffer, actor: string) {
    const parsed = parseRateCsv(csv, { services: ['voice'], maxRows: MAX_VOICE_RATES })
    if (parsed.errorCount > 0) throw InvalidRatesException.fromRows(parsed.errors, parsed.errorCount)
    const { rows } = parsed
    const voice = rows.prefix.map((prefix, i) => ({
      prefix,
      description: rows.description[i],
      perMinuteMicros: rows.rateMicros[i],
      effectiveFrom: rows.effectiveFromIso(i),
    }))
    return tenancy.configs.update(tenant, { pricing: { voice } }, actor, `${voice.length} call rates imported from CSV`)
  }

  /** Everything the editor shows beside the brand's own prices: wholesale costs and margins. */
  async margins(pricing: Pricing, at = Date.now()) {
    const deck = await rating.deckFor(pricing.currency)
    const numbers = numberMargins(pricing, await rating.wholesale.numberCosts(pricing.currency), at)
    return {
      deck: deck ? { name: deck.name, increments: `${deck.increments.firstIncrementSeconds}/${deck.increments.nextIncrementSeconds}` } : null,
      voice: voiceMargins(pricing, deck, at),
      sms: messageMargins(deck?.sms ?? null, pricing.messaging.smsPerSegmentMicros, pricing, at),
      mms: messageMargins(deck?.mms ?? null, pricing.messaging.mmsPerMessageMicros, pricing, at),
      numbers,
      /** The same, keyed "country|type", for the rows of the form. */
      numberByKey: Object.fromEntries(numbers.map((row) => [`${row.country}|${row.type}`, row])),
      markupNumbers: numbers.filter((row) => row.source === 'markup'),
    }
  }
}

/** Per explicit rate (keyed "prefix|effectiveFrom"): the wholesale rate for that prefix when it takes effect. */
function voiceMargins(pricing: Pricing, deck: WholesaleDeck | null, now: number) {
  const result: Record<string, Margin> = {}
  for (const rate of pricing.voice) {
    const from = rate.effectiveFrom ? Date.parse(rate.effectiveFrom) : now
    const cost = deck?.voice.match(rate.prefix, Math.max(from, now)) ?? null
    result[`${rate.prefix}|${rate.effectiveFrom ?? ''}`] = margin(rate.perMinuteMicros, cost?.rateMicros ?? null)
  }
  return result
}

/** Each wholesale message rate in force, with the brand's price for it (explicit or markup). */
function messageMargins(index: PrefixIndex | null, explicit: number | null, pricing: Pricing, at: number) {
  return (index?.inForce(at) ?? []).map((cost) => {
    const price = explicit ?? markedUp(cost.rateMicros, pricing.markupBasisPoints, pricing.markupFixedMicros)
    return { prefix: cost.prefix, description: cost.description, price: microsToAmount(price), ...margin(price, cost.rateMicros) }
  })
}

/** Each number the platform sells in this currency: its cost, the brand's price and the margin. */
function numberMargins(pricing: Pricing, costs: NumberCost[], at: number) {
  const kinds = new Map<string, { country: string; type: NumberCost['type'] }>()
  for (const cost of costs) kinds.set(`${cost.country}|${cost.type}`, cost)
  for (const row of pricing.numbers) kinds.set(`${row.country}|${row.type}`, { country: row.country, type: row.type as NumberCost['type'] })
  return [...kinds.values()]
    .sort((a, b) => a.country.localeCompare(b.country) || a.type.localeCompare(b.type))
    .map(({ country, type }) => {
      const cost = numberCostAt(costs, country, type, at)
      const explicit = pricing.numbers.find((row) => row.country === country && row.type === type)
      const setup = explicit ? explicit.setupMicros : cost ? markedUp(cost.setupMicros, pricing.markupBasisPoints) : null
      const monthly = explicit ? explicit.monthlyMicros : cost ? markedUp(cost.monthlyMicros, pricing.markupBasisPoints) : null
      return {
        country,
        type,
        source: explicit ? 'explicit' : 'markup',
        setup: setup === null ? null : microsToAmount(setup),
        monthly: monthly === null ? null : microsToAmount(monthly),
        setupMargin: setup === null ? margin(0, null) : margin(setup, cost?.setupMicros ?? null),
        monthlyMargin: monthly === null ? margin(0, null) : margin(monthly, cost?.monthlyMicros ?? null),
        costFrom: cost ? isoInstant(cost.effectiveFrom) : null,
      }
    })
}

const priceLists = new PriceListService()
export default priceLists
