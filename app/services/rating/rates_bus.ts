import { EventEmitter } from 'node:events'
import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'

/** A change that makes cached wholesale data stale: a deck or the number costs of a currency. */
export interface RatesChange {
  /** null: every currency. */
  currency: string | null
  reason: 'deck' | 'numbers'
}

type Handler = (change: RatesChange) => void

/** Carries rate changes between processes (Redis) or within one (memory). */
export interface RatesBus {
  publish(change: RatesChange): Promise<void>
  subscribe(handler: Handler): Promise<void>
}

/** The quickstart's bus: one process. */
export class MemoryRatesBus implements RatesBus {
  #emitter = new EventEmitter()

  async publish(change: RatesChange) {
    this.#emitter.emit('change', change)
  }

  async subscribe(handler: Handler) {
    this.#emitter.on('change', handler)
  }
}

/**
 * Production's bus: Redis pub/sub, so every instance drops its index. The publishing process
 * applies the change itself before the message goes out, so its next quote is already fresh,
 * and ignores its own message when Redis echoes it back (it would drop a fresh index again).
 */
export class RedisRatesBus implements RatesBus {
  #local: Handler[] = []
  #origin = randomUUID()

  constructor(private channel: string) {}

  async publish(change: RatesChange) {
    for (const handler of this.#local) handler(change)
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await redis.publish(this.channel, JSON.stringify({ ...change, origin: this.#origin }))
  }

  /** Resolves once Redis has confirmed the subscription, so no change after it is missed. */
  async subscribe(handler: Handler) {
    this.#local.push(handler)
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await new Promise<void>((resolve, reject) => {
      redis.connection().subscribe(
        this.channel,
        (message: string) => {
          try {
            const { origin, ...change } = JSON.parse(message)
            if (origin !== this.#origin) handler(change)
          } catch (error) {
            logger.warn({ err: error }, 'ignored a malformed rates change message')
          }
        },
        { onSubscription: () => resolve(), onError: (error: unknown) => reject(error) }
      )
    })
  }
}
