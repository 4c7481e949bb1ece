import db from '@adonisjs/lucid/services/db'
import WholesaleNumberCost from '#models/wholesale_number_cost'
import { isKnownCurrency } from '#services/money/amounts'
import rating from './rating_service.js'
import { InvalidRatesException } from './errors.js'
import { ALWAYS } from './prefix_index.js'
import type { NumberType } from './quotes.js'

/** One number cost as an operator enters it; `effectiveFrom` an ISO instant or null (always). */
export interface NumberCostInput {
  country: string
  type: NumberType
  setupMicros: number
  monthlyMicros: number
  effectiveFrom?: string | null
}

/**
 * What phone numbers cost the platform, per currency. An operator saves a currency's whole
 * list at once (current and future-dated rows together); every process drops its copy.
 */
export class NumberCostService {
  /** A currency's rows, by country, type and date. */
  list(currency: string) {
    return WholesaleNumberCost.query()
      .where('currency', currency)
      .orderBy('country')
      .orderBy('type')
      .orderBy('effective_from')
  }

  /** Currencies that have number costs or a deck, for the operator's pickers. */
  async currencies() {
    const rows = await db
      .from('wholesale_number_costs')
      .distinct('currency')
      .union((query) => query.from('wholesale_decks').distinct('currency'))
    return [...new Set(rows.map((row: { currency: string }) => row.currency))].sort()
  }

  /** Replaces a currency's list; a repeated country, type and date is refused and nothing changes. */
  async replace(currency: string, costs: NumberCostInput[]) {
    if (!isKnownCurrency(currency)) throw InvalidRatesException.field('currency', `"${currency}" is not a known ISO 4217 currency code`)
    const seen = new Map<string, number>()
    const rows = costs.map((cost, index) => {
      const effectiveFrom = cost.effectiveFrom ? Date.parse(cost.effectiveFrom) : ALWAYS
      const key = `${cost.country}|${cost.type}|${effectiveFrom}`
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        throw InvalidRatesException.field(`costs.${index}.effectiveFrom`, `Repeats row ${earlier + 1}: same country, type and date`)
      }
      seen.set(key, index)
      return { currency, country: cost.country, type: cost.type, setupMicros: cost.setupMicros, monthlyMicros: cost.monthlyMicros, effectiveFrom }
    })
    await db.transaction(async (trx) => {
      await WholesaleNumberCost.query({ client: trx }).where('currency', currency).delete()
      if (rows.length) await WholesaleNumberCost.createMany(rows, { client: trx })
    })
    await rating.wholesale.changed({ currency, reason: 'numbers' })
    return this.list(currency)
  }
}

const numberCosts = new NumberCostService()
export default numberCosts
