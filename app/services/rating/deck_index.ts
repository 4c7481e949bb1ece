import { PrefixIndexBuilder } from './prefix_index.js'
import type { RateRows, RateService } from './rate_csv.js'
import type { WholesaleDeck } from './quotes.js'

/** A parsed deck, indexed per service, without the database: for tests, the benchmark and previews. */
export function indexDeck(rows: RateRows, meta: Omit<WholesaleDeck, RateService>): WholesaleDeck {
  const builders: Record<RateService, PrefixIndexBuilder> = {
    voice: new PrefixIndexBuilder(),
    sms: new PrefixIndexBuilder(),
    mms: new PrefixIndexBuilder(),
  }
  for (let i = 0; i < rows.length; i++) {
    builders[rows.service[i]].add(rows.prefix[i], rows.rateMicros[i], rows.effectiveFrom[i], rows.description[i])
  }
  return { ...meta, voice: builders.voice.build(), sms: builders.sms.build(), mms: builders.mms.build() }
}
