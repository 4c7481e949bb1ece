import {
  maxSecondsFrom,
  quoteCallFrom,
  quoteMessageFrom,
  quoteNumberFrom,
  type CallQuote,
  type MessageQuote,
  type NumberQuote,
  type NumberType,
  type Pricing,
  type WholesaleDeck,
} from './quotes.js'
import type { WholesaleSource } from './wholesale_store.js'

/** What rating needs of a tenant: its price list (a TenantSnapshot will do). */
export interface RatedTenant {
  config: { pricing: Pricing }
}

const epoch = (at?: Date) => (at ?? new Date()).getTime()

/**
 * The rating engine's one entry point: cost (wholesale) and price (the brand's retail) of a
 * call, a message or a number, for a tenant, at an instant. Wholesale comes from the active
 * deck of the tenant's pricing currency; a currency with no deck has no rates (no FX here).
 */
export class RatingService {
  constructor(
    readonly wholesale: WholesaleSource,
    private options: { maxCallSeconds: number }
  ) {}

  /** A call of `seconds` to an E.164 destination (or an inbound call); throws NoRateError. */
  async quoteCall(
    tenant: RatedTenant,
    request: { destination: string; seconds: number; at?: Date; direction?: 'outbound' | 'inbound' }
  ): Promise<CallQuote> {
    const { pricing } = tenant.config
    const deck = request.direction === 'inbound' ? null : await this.deckFor(pricing.currency)
    return quoteCallFrom(deck, pricing, { ...request, at: epoch(request.at) })
  }

  /** How many seconds of talk `availableMicros` buys: what a call hold is sized by. */
  async maxSecondsFor(tenant: RatedTenant, request: { destination: string; availableMicros: number; at?: Date }) {
    const { pricing } = tenant.config
    const deck = await this.deckFor(pricing.currency)
    return maxSecondsFrom(deck, pricing, { ...request, at: epoch(request.at) }, this.options.maxCallSeconds)
  }

  /** The amount to hold for a call expected to last `seconds`: its quote. */
  holdFor(tenant: RatedTenant, request: { destination: string; seconds: number; at?: Date }) {
    return this.quoteCall(tenant, request)
  }

  /** An SMS of `segments` segments. */
  async quoteSms(tenant: RatedTenant, request: { destination: string; segments: number; at?: Date }): Promise<MessageQuote> {
    const { pricing } = tenant.config
    const deck = await this.deckFor(pricing.currency)
    return quoteMessageFrom(deck, pricing, { service: 'sms', destination: request.destination, units: request.segments, at: epoch(request.at) })
  }

  /** One MMS. */
  async quoteMms(tenant: RatedTenant, request: { destination: string; at?: Date }): Promise<MessageQuote> {
    const { pricing } = tenant.config
    const deck = await this.deckFor(pricing.currency)
    return quoteMessageFrom(deck, pricing, { service: 'mms', destination: request.destination, units: 1, at: epoch(request.at) })
  }

  /** A phone number's setup and monthly cost and price. */
  async quoteNumber(tenant: RatedTenant, request: { country: string; type: NumberType; at?: Date }): Promise<NumberQuote> {
    const { pricing } = tenant.config
    const costs = await this.wholesale.numberCosts(pricing.currency)
    return quoteNumberFrom(costs, pricing, { ...request, at: epoch(request.at) })
  }

  /** The active deck of a currency (null when none): for platform look-ups and margin views. */
  deckFor(currency: string): Promise<WholesaleDeck | null> {
    return this.wholesale.deck(currency)
  }
}
