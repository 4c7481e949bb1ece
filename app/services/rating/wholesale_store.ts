import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import WholesaleDeckModel from '#models/wholesale_deck'
import WholesaleNumberCost from '#models/wholesale_number_cost'
import { PrefixIndexBuilder } from './prefix_index.js'
import { storedInstant } from './instants.js'
import type { NumberCost, WholesaleDeck } from './quotes.js'
import type { RatesBus, RatesChange } from './rates_bus.js'
import type { RateService } from './rate_csv.js'

/** Where the rating service gets wholesale data: the database (cached), or a fixed set in the bench. */
export interface WholesaleSource {
  deck(currency: string): Promise<WholesaleDeck | null>
  numberCosts(currency: string): Promise<NumberCost[]>
}

const PAGE = 50_000

interface CachedDeck {
  loaded: Promise<WholesaleDeck | null>
  checkedAt: number
}

/**
 * Active decks and number costs, loaded lazily per currency and kept in process. A change
 * message (from this process or, through Redis, any other) drops the currency's copy; a cheap
 * periodic check of which deck is active heals a message that never arrived.
 */
export class DatabaseWholesale implements WholesaleSource {
  #decks = new Map<string, CachedDeck>()
  #numbers = new Map<string, { loaded: Promise<NumberCost[]>; at: number }>()
  #listening: Promise<void> | null = null

  constructor(
    private bus: RatesBus,
    private recheckMs: number
  ) {}

  /** The active deck of a currency, indexed; null when the currency has none. */
  async deck(currency: string): Promise<WholesaleDeck | null> {
    await this.#listen()
    const cached = this.#decks.get(currency)
    if (cached) {
      if (Date.now() - cached.checkedAt > this.recheckMs) this.#recheck(currency, cached)
      return cached.loaded
    }
    const entry: CachedDeck = { loaded: loadActiveDeck(currency), checkedAt: Date.now() }
    this.#decks.set(currency, entry)
    entry.loaded.catch(() => this.#decks.get(currency) === entry && this.#decks.delete(currency))
    return entry.loaded
  }

  /** The number costs of a currency (a small table, re-read now and then). */
  async numberCosts(currency: string): Promise<NumberCost[]> {
    await this.#listen()
    const cached = this.#numbers.get(currency)
    if (cached && Date.now() - cached.at < this.recheckMs) return cached.loaded
    const entry = { loaded: loadNumberCosts(currency), at: Date.now() }
    this.#numbers.set(currency, entry)
    entry.loaded.catch(() => this.#numbers.get(currency) === entry && this.#numbers.delete(currency))
    return entry.loaded
  }

  /** Tells every process (this one first) that a currency's decks or number costs changed. */
  changed(change: RatesChange) {
    return this.bus.publish(change)
  }

  /** Drops what a change made stale. */
  forget(change: RatesChange) {
    const maps = change.reason === 'deck' ? [this.#decks] : [this.#numbers]
    for (const map of maps) {
      if (change.currency === null) map.clear()
      else map.delete(change.currency)
    }
  }

  /** Subscribes once, before the first load, so no change after that load is missed. */
  #listen() {
    this.#listening ??= this.bus.subscribe((change) => this.forget(change)).catch((error) => {
      logger.warn({ err: error }, 'rates change bus unavailable; cached decks are re-checked periodically')
    })
    return this.#listening
  }

  #recheck(currency: string, cached: CachedDeck) {
    cached.checkedAt = Date.now()
    Promise.all([cached.loaded, activeDeckRow(currency)])
      .then(([deck, row]) => {
        if ((deck?.id ?? null) !== (row?.id ?? null) && this.#decks.get(currency) === cached) this.#decks.delete(currency)
      })
      .catch((error) => logger.warn({ err: error }, 'could not re-check the active rate deck'))
  }
}

function activeDeckRow(currency: string) {
  return WholesaleDeckModel.query().where('currency', currency).where('status', 'active').orderBy('id', 'desc').first()
}

/** Reads a deck page by page (keyset on id) into one index per service. */
async function loadActiveDeck(currency: string): Promise<WholesaleDeck | null> {
  const row = await activeDeckRow(currency)
  if (!row) return null
  const builders: Record<RateService, PrefixIndexBuilder> = {
    voice: new PrefixIndexBuilder(),
    sms: new PrefixIndexBuilder(),
    mms: new PrefixIndexBuilder(),
  }
  let after = 0
  for (;;) {
    const page = await db
      .from('wholesale_rates')
      .where('deck_id', row.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .select('id', 'service', 'prefix', 'description', 'rate_micros', 'effective_from')
    for (const rate of page) {
      builders[rate.service as RateService].add(rate.prefix, Number(rate.rate_micros), storedInstant(rate.effective_from), rate.description)
    }
    if (page.length < PAGE) break
    after = Number(page[page.length - 1].id)
  }
  return {
    id: row.id,
    name: row.name,
    currency,
    increments: { firstIncrementSeconds: row.firstIncrementSeconds, nextIncrementSeconds: row.nextIncrementSeconds },
    voice: builders.voice.build(),
    sms: builders.sms.build(),
    mms: builders.mms.build(),
  }
}

async function loadNumberCosts(currency: string): Promise<NumberCost[]> {
  const rows = await WholesaleNumberCost.query().where('currency', currency)
  return rows.map((row) => ({
    country: row.country,
    type: row.type,
    setupMicros: row.setupMicros,
    monthlyMicros: row.monthlyMicros,
    effectiveFrom: row.effectiveFrom,
  }))
}
