import type { Readable } from 'node:stream'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import WholesaleDeck from '#models/wholesale_deck'
import { isKnownCurrency } from '#services/money/amounts'
import rating from './rating_service.js'
import { InvalidRatesException } from './errors.js'
import { instantForStorage } from './instants.js'
import { parseRateCsv, parseRateCsvStream, type RateRows } from './rate_csv.js'

/** What an operator says about a deck besides its rows. */
export interface DeckDetails {
  currency: string
  name: string
  /** The carrier's increments, "first/next" in seconds, e.g. "6/6"; default 1/1. */
  increments?: string | null
  createdBy: string
}

export type ImportProgress = (phase: 'parse' | 'insert', done: number, total: number) => void

const BATCH = 1000
const INCREMENTS = /^(\d{1,4})\/(\d{1,4})$/

/**
 * Imports a wholesale deck: the whole file is parsed and checked first; only a clean file is
 * written, in one transaction that also makes it the currency's active deck (archiving the
 * previous one). Then every process is told to rebuild its index. Any error: nothing changes.
 */
export class DeckImportService {
  /** Imports from a file stream (the ace command) or from memory (an upload). */
  async import(source: Readable | string | Buffer, details: DeckDetails, onProgress?: ImportProgress) {
    const checked = checkDetails(details)
    const options = { maxErrors: 100 }
    const parsed =
      typeof source === 'string' || Buffer.isBuffer(source)
        ? parseRateCsv(source, options)
        : await parseRateCsvStream(source, options, (bytes) => onProgress?.('parse', bytes, 0))
    if (parsed.errorCount > 0) throw InvalidRatesException.fromRows(parsed.errors, parsed.errorCount)
    if (parsed.rows.length === 0) throw InvalidRatesException.field('line 2: prefix', 'The file has no rates, only a header')
    const deck = await this.#write(parsed.rows, checked, onProgress)
    await rating.wholesale.changed({ currency: deck.currency, reason: 'deck' })
    return deck
  }

  async #write(rows: RateRows, details: ReturnType<typeof checkDetails>, onProgress?: ImportProgress) {
    return db.transaction(async (trx) => {
      const deck = await WholesaleDeck.create(
        {
          currency: details.currency,
          name: details.name,
          status: 'importing',
          rowCount: rows.length,
          firstIncrementSeconds: details.first,
          nextIncrementSeconds: details.next,
          createdBy: details.createdBy,
        },
        { client: trx }
      )
      for (let start = 0; start < rows.length; start += BATCH) {
        await trx.insertQuery().table('wholesale_rates').multiInsert(batch(deck.id, rows, start))
        onProgress?.('insert', Math.min(start + BATCH, rows.length), rows.length)
      }
      await trx
        .from('wholesale_decks')
        .where('currency', details.currency)
        .where('status', 'active')
        .update({ status: 'archived' })
      deck.merge({ status: 'active', activatedAt: DateTime.utc() })
      await deck.useTransaction(trx).save()
      return deck
    })
  }
}

function batch(deckId: number, rows: RateRows, start: number) {
  const end = Math.min(start + BATCH, rows.length)
  const values = []
  for (let i = start; i < end; i++) {
    values.push({
      deck_id: deckId,
      service: rows.service[i],
      prefix: rows.prefix[i],
      description: rows.description[i],
      rate_micros: rows.rateMicros[i],
      effective_from: instantForStorage(rows.effectiveFrom[i]),
    })
  }
  return values
}

/** The deck's own fields, normalised: a known currency, a name, sane increments. */
function checkDetails(details: DeckDetails) {
  const currency = String(details.currency ?? '').trim().toUpperCase()
  if (!isKnownCurrency(currency)) throw InvalidRatesException.field('currency', `"${details.currency ?? ''}" is not a known ISO 4217 currency code`)
  const name = String(details.name ?? '').trim()
  if (name.length < 1 || name.length > 120) throw InvalidRatesException.field('name', 'A name of 1 to 120 characters is required')
  const match = INCREMENTS.exec(String(details.increments ?? '1/1').trim())
  const first = match ? Number(match[1]) : 0
  const next = match ? Number(match[2]) : 0
  if (!match || first < 1 || next < 1 || first > 3600 || next > 3600) {
    throw InvalidRatesException.field('increments', 'Increments are "first/next" in seconds, each 1 to 3600, e.g. 60/60 or 6/6')
  }
  return { currency, name, first, next, createdBy: details.createdBy }
}

const deckImports = new DeckImportService()
export default deckImports
