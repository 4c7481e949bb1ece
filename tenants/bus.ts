import { EventEmitter } from 'node:events'
import logger from '@adonisjs/core/services/logger'

/** A change that makes cached tenancy data stale. */
export interface TenancyChange {
  tenantId: number | null
  reason: 'tenant' | 'domains' | 'config'
}

type Handler = (change: TenancyChange) => void

/** Carries tenancy invalidations between processes (Redis) or within one (memory). */
export interface TenancyBus {
  publish(change: TenancyChange): Promise<void>
  subscribe(handler: Handler): Promise<void>
}

/** The quickstart's bus: one process, so an in-process emitter is the whole story. */
export class MemoryTenancyBus implements TenancyBus {
  #emitter = new EventEmitter()

  async publish(change: TenancyChange) {
    this.#emitter.emit('change', change)
  }

  async subscribe(handler: Handler) {
    this.#emitter.on('change', handler)
  }
}

/** Production's bus: Redis pub/sub, so every web and worker process drops stale entries. */
export class RedisTenancyBus implements TenancyBus {
  constructor(private channel: string) {}

  async publish(change: TenancyChange) {
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await redis.publish(this.channel, JSON.stringify(change))
  }

  /** Resolves once Redis has confirmed the subscription, so no change is missed after boot. */
  async subscribe(handler: Handler) {
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await new Promise<void>((resolve, reject) => {
      redis.connection().subscribe(this.channel, (message: string) => {
        try {
          handler(JSON.parse(message))
        } catch (error) {
          logger.warn({ err: error }, 'ignored a malformed tenancy change message')
        }
      }, { onSubscription: () => resolve(), onError: (error: unknown) => reject(error) })
    })
  }
}

/**
 * Wraps the process-to-process bus so the publishing process drops its own stale entries
 * before the call returns, instead of waiting for its message to come back from Redis.
 */
export class LocalFirstBus implements TenancyBus {
  #local: Handler[] = []

  constructor(private inner: TenancyBus) {}

  async publish(change: TenancyChange) {
    for (const handler of this.#local) handler(change)
    await this.inner.publish(change)
  }

  async subscribe(handler: Handler) {
    this.#local.push(handler)
    await this.inner.subscribe(handler)
  }
}
