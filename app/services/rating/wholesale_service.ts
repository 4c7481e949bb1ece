import WholesaleDeck from '#models/wholesale_deck'
import type WholesaleNumberCost from '#models/wholesale_number_cost'
import rating from './rating_service.js'
import { isoInstant } from './instants.js'
import type { PrefixRate } from './prefix_index.js'

/** What the platform's operators see of wholesale: the decks, and which rate a destination gets. */
export class WholesaleService {
  /** Decks newest first, optionally of one currency. */
  decks(currency?: string | null) {
    const query = WholesaleDeck.query().orderBy('id', 'desc').limit(200)
    if (currency) query.where('currency', currency)
    return query
  }

  /** The active deck's rate for a destination at an instant, per service (null: no rate). */
  async lookup(currency: string, destination: string, at = new Date()) {
    const deck = await rating.deckFor(currency)
    const when = at.getTime()
    return {
      currency,
      destination,
      at: at.toISOString(),
      deck: deck ? { id: deck.id, name: deck.name, increments: `${deck.increments.firstIncrementSeconds}/${deck.increments.nextIncrementSeconds}` } : null,
      voice: presentRate(deck?.voice.match(destination, when) ?? null),
      sms: presentRate(deck?.sms.match(destination, when) ?? null),
      mms: presentRate(deck?.mms.match(destination, when) ?? null),
    }
  }
}

/** A deck as operators see it, in the API and the console. */
export function presentDeck(deck: WholesaleDeck) {
  return {
    id: deck.id,
    currency: deck.currency,
    name: deck.name,
    status: deck.status,
    rowCount: deck.rowCount,
    increments: deck.increments,
    createdBy: deck.createdBy,
    createdAt: deck.createdAt.toISO(),
    activatedAt: deck.activatedAt?.toISO() ?? null,
  }
}

/** The rate a lookup found, with its date as an ISO instant (null: always). */
export function presentRate(rate: PrefixRate | null) {
  return rate && { prefix: rate.prefix, description: rate.description, rateMicros: rate.rateMicros, effectiveFrom: isoInstant(rate.effectiveFrom) }
}

/** A number cost as the API shows it: micro-units and an ISO instant (null: always). */
export function presentNumberCost(cost: WholesaleNumberCost) {
  return {
    country: cost.country,
    type: cost.type,
    setupMicros: cost.setupMicros,
    monthlyMicros: cost.monthlyMicros,
    effectiveFrom: isoInstant(cost.effectiveFrom),
  }
}

const wholesale = new WholesaleService()
export default wholesale
