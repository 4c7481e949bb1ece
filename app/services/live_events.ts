import type { EventEmitter } from 'node:events'
import logger from '@adonisjs/core/services/logger'
import { MemoryChangeBus, RedisChangeBus, type ChangeBus } from '#services/change_bus'

/** A change that belongs to one brand and, unless null, one user of it. */
export interface LiveChange {
  tenantId: number
  userId: number | null
}

/** Who a live stream is for: one user's changes, or (staff) every change of the brand. */
export interface LiveAudience {
  tenantId: number
  /** null = the whole brand (staff). */
  userId: number | null
}

export interface LiveEventsOptions<T> {
  /** What the changes are, for log lines ("call", "message"). */
  what: string
  /** The in-process feed the services emit on. */
  feed: EventEmitter<{ change: [T] }>
  /** Where the bus is, read when first needed (config is loaded by then). */
  settings: () => { bus: 'redis' | 'memory'; channel: string }
}

/**
 * Changes to the live pages (SSE), whichever process makes them: every process forwards its
 * own feed onto a bus (Redis pub/sub in production, in memory in the quickstart), and a process
 * with open streams subscribes once and hands each change only to the streams of that brand,
 * and of that user unless the stream is a staff one. The audience comes from the server's
 * session or token, never from the client, so nothing else can leak in.
 */
export class LiveEvents<T extends LiveChange> {
  #bus: ChangeBus<T> | null = null
  #forwarding = false
  #subscribed: Promise<void> | null = null
  #listeners = new Map<number, Set<{ audience: LiveAudience; listener: (change: T) => void }>>()

  constructor(private options: LiveEventsOptions<T>) {}

  /** Puts this process's changes on the bus; once per process (a preload does it). */
  forwardLocalChanges() {
    if (this.#forwarding) return
    this.#forwarding = true
    this.options.feed.on('change', (change) => {
      this.#busOf()
        .publish(change)
        .catch((error) => logger.warn({ err: error }, `a live ${this.options.what} event could not be published`))
    })
  }

  /** Starts handing changes of the audience to `listener`; returns the function that stops it. */
  async listen(audience: LiveAudience, listener: (change: T) => void): Promise<() => void> {
    this.forwardLocalChanges()
    await this.#subscribe()
    const entry = { audience, listener }
    let set = this.#listeners.get(audience.tenantId)
    if (!set) this.#listeners.set(audience.tenantId, (set = new Set()))
    set.add(entry)
    return () => {
      set.delete(entry)
      if (set.size === 0 && this.#listeners.get(audience.tenantId) === set) this.#listeners.delete(audience.tenantId)
    }
  }

  /** Open streams in this process (for tests and health). */
  get listenerCount() {
    let count = 0
    for (const set of this.#listeners.values()) count += set.size
    return count
  }

  #deliver = (change: T) => {
    const set = this.#listeners.get(change.tenantId)
    if (!set) return
    for (const { audience, listener } of set) {
      if (audience.tenantId !== change.tenantId) continue
      if (audience.userId !== null && audience.userId !== change.userId) continue
      try {
        listener(change)
      } catch (error) {
        logger.warn({ err: error }, `a live ${this.options.what} listener failed`)
      }
    }
  }

  /** Subscribes once; when Redis is down, local changes still reach local streams. */
  #subscribe() {
    this.#subscribed ??= this.#busOf()
      .subscribe(this.#deliver)
      .catch((error) => logger.warn({ err: error }, `live ${this.options.what} events: the bus subscription failed; only this process is heard`))
    return this.#subscribed
  }

  #busOf() {
    if (!this.#bus) {
      const { bus, channel } = this.options.settings()
      this.#bus = bus === 'redis' ? new RedisChangeBus<T>(channel, `${this.options.what}s`) : new MemoryChangeBus<T>()
    }
    return this.#bus
  }
}
