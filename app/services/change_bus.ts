import { EventEmitter } from 'node:events'
import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'

/**
 * "This cached thing changed" messages between the processes that cache it: tenant snapshots,
 * wholesale rate indexes. Memory in the quickstart (one process), Redis pub/sub in production.
 */
export interface ChangeBus<T> {
  publish(change: T): Promise<void>
  subscribe(handler: (change: T) => void): Promise<void>
}

/** The quickstart's bus: one process, so an in-process emitter is the whole story. */
export class MemoryChangeBus<T> implements ChangeBus<T> {
  #emitter = new EventEmitter()

  async publish(change: T) {
    this.#emitter.emit('change', change)
  }

  async subscribe(handler: (change: T) => void) {
    this.#emitter.on('change', handler)
  }
}

/**
 * Production's bus: Redis pub/sub, so every web and worker process drops what went stale. The
 * publishing process applies the change itself before the message goes out, so its next read
 * is already fresh, and ignores its own message when Redis echoes it back.
 */
export class RedisChangeBus<T extends object> implements ChangeBus<T> {
  #local: ((change: T) => void)[] = []
  #origin = randomUUID()

  /** `name` only labels log lines about malformed messages. */
  constructor(
    private channel: string,
    private name: string
  ) {}

  async publish(change: T) {
    for (const handler of this.#local) handler(change)
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await redis.publish(this.channel, JSON.stringify({ ...change, origin: this.#origin }))
  }

  /** Resolves once Redis has confirmed the subscription, so no change after it is missed. */
  async subscribe(handler: (change: T) => void) {
    this.#local.push(handler)
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await new Promise<void>((resolve, reject) => {
      redis.connection().subscribe(
        this.channel,
        (message: string) => {
          try {
            const { origin, ...change } = JSON.parse(message)
            if (origin !== this.#origin) handler(change as T)
          } catch (error) {
            logger.warn({ err: error, bus: this.name }, 'ignored a malformed change message')
          }
        },
        { onSubscription: () => resolve(), onError: (error: unknown) => reject(error) }
      )
    })
  }
}
