import type { TenantConfig } from '#tenants/config/defaults'
import { ALWAYS, PrefixIndex, PrefixIndexBuilder, e164Digits, type PrefixRate } from './prefix_index.js'
import { billableSeconds, chargeCall, markedUp, perMinuteCharge, type Increments } from './billing.js'
import { NoRateError } from './errors.js'

/**
 * Quotes from a wholesale deck and a tenant's price list, with no database and no HTTP: the
 * rating service feeds these from its caches, tests and the benchmark feed them directly.
 */

export type Pricing = TenantConfig['pricing']
export type NumberType = 'local' | 'mobile' | 'toll_free'

/** The platform's active deck for one currency, indexed. */
export interface WholesaleDeck {
  id: number
  name: string
  currency: string
  /** The carrier's increments: what our cost is billed in. */
  increments: Increments
  voice: PrefixIndex
  sms: PrefixIndex
  mms: PrefixIndex
}

/** One effective-dated wholesale cost of a phone number. */
export interface NumberCost {
  country: string
  type: NumberType
  setupMicros: number
  monthlyMicros: number
  /** Epoch ms, or ALWAYS. */
  effectiveFrom: number
}

export interface CallQuote {
  costMicros: number
  priceMicros: number
  currency: string
  /** The prefix whose rate set the price (the brand's own rate, or the wholesale one marked up). */
  prefix: string
  description: string
  ratePerMinuteMicros: number
  billableSeconds: number
  /** Where the price came from: the brand's explicit rate or its markup over wholesale. */
  source: 'explicit' | 'markup' | 'inbound'
  wholesalePrefix: string
  costPerMinuteMicros: number
}

export interface MessageQuote {
  costMicros: number
  priceMicros: number
  currency: string
  prefix: string
  description: string
}

export interface NumberQuote {
  setupCostMicros: number
  monthlyCostMicros: number
  setupPriceMicros: number
  monthlyPriceMicros: number
  currency: string
}

/** The brand's explicit per-minute rates, indexed once per price-list object. */
const retailIndexes = new WeakMap<object, PrefixIndex>()

export function retailVoiceIndex(pricing: Pricing): PrefixIndex {
  let index = retailIndexes.get(pricing)
  if (!index) {
    const builder = new PrefixIndexBuilder()
    for (const rate of pricing.voice) {
      /** The schema allows a leading 0, which no E.164 number has: such a rate can never match. */
      if (e164Digits(rate.prefix) !== rate.prefix) continue
      const from = rate.effectiveFrom ? Date.parse(rate.effectiveFrom) : ALWAYS
      builder.add(rate.prefix, rate.perMinuteMicros, from, rate.description)
    }
    index = builder.build()
    retailIndexes.set(pricing, index)
  }
  return index
}

/** Prices an outbound or inbound call of `seconds` at instant `at` (epoch ms). */
export function quoteCallFrom(
  deck: WholesaleDeck | null,
  pricing: Pricing,
  request: { destination: string; seconds: number; at: number; direction?: 'outbound' | 'inbound' }
): CallQuote {
  checkSeconds(request.seconds)
  if (request.direction === 'inbound') return quoteInbound(pricing, request.seconds)
  const wholesale = deck ? deck.voice.find(request.destination, request.at) : -1
  if (wholesale < 0) throw new NoRateError(`calls to ${request.destination}`)
  const cost = deck!.voice.record(wholesale)
  const explicit = brandRate(retailVoiceIndex(pricing).match(request.destination, request.at), cost)
  const priceRate = explicit ? explicit.rateMicros : markedUp(cost.rateMicros, pricing.markupBasisPoints, pricing.markupFixedMicros)
  const charge = chargeCall(
    request.seconds,
    { perMinuteMicros: cost.rateMicros, increments: deck!.increments },
    { perMinuteMicros: priceRate, increments: pricing.billing, connectionFeeMicros: pricing.billing.connectionFeeMicros }
  )
  return {
    costMicros: charge.costMicros,
    priceMicros: charge.priceMicros,
    currency: pricing.currency,
    prefix: (explicit ?? cost).prefix,
    description: (explicit ?? cost).description,
    ratePerMinuteMicros: priceRate,
    billableSeconds: charge.billableSeconds,
    source: explicit ? 'explicit' : 'markup',
    wholesalePrefix: cost.prefix,
    costPerMinuteMicros: cost.rateMicros,
  }
}

/**
 * The brand's explicit rate applies to every destination under its prefix, except where the
 * deck knows a more specific destination that costs more than that rate (a brand's "44" rate
 * does not sell Isle of Man mobiles, 447624, at a loss): there the markup applies instead.
 */
function brandRate(explicit: PrefixRate | null, cost: PrefixRate) {
  if (!explicit) return null
  const lessSpecific = explicit.prefix.length < cost.prefix.length
  return lessSpecific && explicit.rateMicros < cost.rateMicros ? null : explicit
}

/** Inbound calls cost the platform nothing here; the brand gives them free or charges per minute. */
function quoteInbound(pricing: Pricing, seconds: number): CallQuote {
  const rate = pricing.inbound.charged ? pricing.inbound.perMinuteMicros : 0
  const billable = rate > 0 ? billableSeconds(seconds, pricing.billing) : 0
  return {
    costMicros: 0,
    priceMicros: perMinuteCharge(billable, rate),
    currency: pricing.currency,
    prefix: '',
    description: 'Inbound',
    ratePerMinuteMicros: rate,
    billableSeconds: billable,
    source: 'inbound',
    wholesalePrefix: '',
    costPerMinuteMicros: 0,
  }
}

/**
 * How many seconds of talk `availableMicros` buys: the longest duration whose price fits,
 * capped at `capSeconds`. Prices only grow with duration, so a binary search finds it.
 */
export function maxSecondsFrom(
  deck: WholesaleDeck | null,
  pricing: Pricing,
  request: { destination: string; availableMicros: number; at: number },
  capSeconds: number
): number {
  const price = (seconds: number) =>
    quoteCallFrom(deck, pricing, { destination: request.destination, seconds, at: request.at }).priceMicros
  if (price(1) > request.availableMicros) return 0
  if (price(capSeconds) <= request.availableMicros) return capSeconds
  let low = 1
  let high = capSeconds
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2)
    if (price(mid) <= request.availableMicros) low = mid
    else high = mid
  }
  return low
}

/** Prices a message: per segment for SMS, per message for MMS, by destination country prefix. */
export function quoteMessageFrom(
  deck: WholesaleDeck | null,
  pricing: Pricing,
  request: { service: 'sms' | 'mms'; destination: string; units: number; at: number }
): MessageQuote {
  if (!Number.isSafeInteger(request.units) || request.units < 1) throw new RangeError('A message has at least one segment')
  const index = deck ? deck[request.service] : null
  const found = index ? index.find(request.destination, request.at) : -1
  if (found < 0) throw new NoRateError(`${request.service.toUpperCase()} to ${request.destination}`)
  const cost = index!.record(found)
  const explicit = request.service === 'sms' ? pricing.messaging.smsPerSegmentMicros : pricing.messaging.mmsPerMessageMicros
  const unitPrice = explicit ?? markedUp(cost.rateMicros, pricing.markupBasisPoints, pricing.markupFixedMicros)
  return {
    costMicros: cost.rateMicros * request.units,
    priceMicros: unitPrice * request.units,
    currency: pricing.currency,
    prefix: cost.prefix,
    description: cost.description,
  }
}

/** The wholesale cost of a number in force at `at`: the latest row dated at or before it. */
export function numberCostAt(costs: NumberCost[], country: string, type: NumberType, at: number): NumberCost | null {
  let best: NumberCost | null = null
  for (const cost of costs) {
    if (cost.country !== country || cost.type !== type || cost.effectiveFrom > at) continue
    if (!best || cost.effectiveFrom >= best.effectiveFrom) best = cost
  }
  return best
}

/** Prices a number: the brand's explicit price, else its percentage markup over the wholesale cost. */
export function quoteNumberFrom(
  costs: NumberCost[],
  pricing: Pricing,
  request: { country: string; type: NumberType; at: number }
): NumberQuote {
  const country = request.country.toUpperCase()
  const cost = numberCostAt(costs, country, request.type, request.at)
  if (!cost) throw new NoRateError(`${request.type.replace('_', '-')} numbers in ${country}`)
  const explicit = pricing.numbers.find((row) => row.country === country && row.type === request.type)
  const markup = (micros: number) => markedUp(micros, pricing.markupBasisPoints)
  return {
    setupCostMicros: cost.setupMicros,
    monthlyCostMicros: cost.monthlyMicros,
    setupPriceMicros: explicit ? explicit.setupMicros : markup(cost.setupMicros),
    monthlyPriceMicros: explicit ? explicit.monthlyMicros : markup(cost.monthlyMicros),
    currency: pricing.currency,
  }
}

function checkSeconds(seconds: number) {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('A call lasts zero or more seconds')
}
