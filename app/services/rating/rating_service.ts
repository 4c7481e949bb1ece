import app from '@adonisjs/core/services/app'
import { RatingService } from './rater.js'
import { DatabaseWholesale } from './wholesale_store.js'
import { MemoryRatesBus, RedisRatesBus } from './rates_bus.js'

export { NoRateError } from './errors.js'
export { RatingService, type RatedTenant } from './rater.js'
export type { CallQuote, MessageQuote, NumberQuote } from './quotes.js'

interface RatingConfig {
  bus: 'redis' | 'memory'
  busChannel: string
  recheckSeconds: number
  maxCallSeconds: number
}

let rating: RatingService & { wholesale: DatabaseWholesale }

/** The process's rating engine, over the database's decks, resolved once the app has booted. */
await app.booted(() => {
  const config = app.config.get<RatingConfig>('rating')
  const bus = config.bus === 'redis' ? new RedisRatesBus(config.busChannel) : new MemoryRatesBus()
  const wholesale = new DatabaseWholesale(bus, config.recheckSeconds * 1000)
  rating = new RatingService(wholesale, { maxCallSeconds: config.maxCallSeconds }) as typeof rating
})

export { rating as default }
