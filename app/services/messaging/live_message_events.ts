import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { MessagingConfig } from '#config/messaging'
import { MemoryChangeBus, RedisChangeBus, type ChangeBus } from '#services/change_bus'
import { messageFeed, type MessageChange } from './message_feed.js'

/** Whose messages a live stream carries: always one user of one brand. */
export interface MessageAudience {
  tenantId: number
  userId: number
}

export type MessageListener = (change: MessageChange) => void

/**
 * Message changes to the portal's live pages (SSE), whichever process made them: the outbox
 * worker moves statuses and takes inbound messages, the web process serves the streams. Every
 * process forwards its message feed onto a bus (Redis pub/sub in production, in memory in the
 * quickstart); a process with open streams subscribes once and hands each change only to the
 * streams of that brand and that user. The audience comes from the session, never the client.
 */
export class LiveMessageEvents {
  #bus: ChangeBus<MessageChange> | null = null
  #forwarding = false
  #subscribed: Promise<void> | null = null
  #listeners = new Map<number, Set<{ audience: MessageAudience; listener: MessageListener }>>()

  /** Puts this process's message changes on the bus; once per process (a preload does it). */
  forwardLocalChanges() {
    if (this.#forwarding) return
    this.#forwarding = true
    messageFeed.on('change', (change) => {
      this.#busOf()
        .publish(change)
        .catch((error) => logger.warn({ err: error }, 'a live message event could not be published'))
    })
  }

  /** Starts handing the audience's changes to `listener`; returns the function that stops it. */
  async listen(audience: MessageAudience, listener: MessageListener): Promise<() => void> {
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

  #deliver = (change: MessageChange) => {
    const set = this.#listeners.get(change.tenantId)
    if (!set) return
    for (const { audience, listener } of set) {
      if (audience.tenantId !== change.tenantId || audience.userId !== change.userId) continue
      try {
        listener(change)
      } catch (error) {
        logger.warn({ err: error }, 'a live message listener failed')
      }
    }
  }

  /** Subscribes once; when Redis is down, local changes still reach local streams. */
  #subscribe() {
    this.#subscribed ??= this.#busOf()
      .subscribe(this.#deliver)
      .catch((error) => logger.warn({ err: error }, 'live message events: the bus subscription failed; only this process is heard'))
    return this.#subscribed
  }

  #busOf() {
    if (!this.#bus) {
      const { bus, channel } = app.config.get<MessagingConfig>('messaging').liveEvents
      this.#bus = bus === 'redis' ? new RedisChangeBus<MessageChange>(channel, 'messages') : new MemoryChangeBus<MessageChange>()
    }
    return this.#bus
  }
}

const liveMessageEvents = new LiveMessageEvents()
export default liveMessageEvents
