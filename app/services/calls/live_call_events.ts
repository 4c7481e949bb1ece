import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { TelephonyConfig } from '#config/telephony'
import { MemoryChangeBus, RedisChangeBus, type ChangeBus } from '#services/change_bus'
import { callFeed, type CallChange } from './call_feed.js'

/** Who a live stream is for: one user's calls, or (staff) every call of the brand. */
export interface LiveAudience {
  tenantId: number
  /** null = the whole brand (staff). */
  userId: number | null
}

export type LiveListener = (change: CallChange) => void

/**
 * Call changes to the live pages (SSE), whichever process they happen in: every process
 * forwards its own call feed onto a bus (Redis pub/sub in production, in memory in the
 * quickstart), and a process with open streams subscribes once and hands each change only to
 * the streams of that brand, and of that user unless the stream is a staff one. The audience
 * comes from the server's session or token, never from the client, so nothing else can leak in.
 */
export class LiveCallEvents {
  #bus: ChangeBus<CallChange> | null = null
  #forwarding = false
  #subscribed: Promise<void> | null = null
  #listeners = new Map<number, Set<{ audience: LiveAudience; listener: LiveListener }>>()

  /** Puts this process's call changes on the bus; once per process (a preload does it). */
  forwardLocalChanges() {
    if (this.#forwarding) return
    this.#forwarding = true
    callFeed.on('change', (change) => {
      this.#busOf()
        .publish(change)
        .catch((error) => logger.warn({ err: error }, 'a live call event could not be published'))
    })
  }

  /** Starts handing changes of the audience to `listener`; returns the function that stops it. */
  async listen(audience: LiveAudience, listener: LiveListener): Promise<() => void> {
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

  #deliver = (change: CallChange) => {
    const set = this.#listeners.get(change.tenantId)
    if (!set) return
    for (const { audience, listener } of set) {
      if (audience.tenantId !== change.tenantId) continue
      if (audience.userId !== null && audience.userId !== change.userId) continue
      try {
        listener(change)
      } catch (error) {
        logger.warn({ err: error }, 'a live call listener failed')
      }
    }
  }

  /** Subscribes once; when Redis is down, local changes still reach local streams. */
  #subscribe() {
    this.#subscribed ??= this.#busOf()
      .subscribe(this.#deliver)
      .catch((error) => logger.warn({ err: error }, 'live call events: the bus subscription failed; only this process is heard'))
    return this.#subscribed
  }

  #busOf() {
    if (!this.#bus) {
      const { bus, channel } = app.config.get<TelephonyConfig>('telephony').liveEvents
      this.#bus = bus === 'redis' ? new RedisChangeBus<CallChange>(channel, 'calls') : new MemoryChangeBus<CallChange>()
    }
    return this.#bus
  }
}

const liveCallEvents = new LiveCallEvents()
export default liveCallEvents
