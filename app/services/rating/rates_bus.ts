import { MemoryChangeBus, RedisChangeBus, type ChangeBus } from '#services/change_bus'

/** A change that makes cached wholesale data stale: a deck or the number costs of a currency. */
export interface RatesChange {
  /** null: every currency. */
  currency: string | null
  reason: 'deck' | 'numbers'
}

/** Carries rate changes between processes (Redis) or within one (memory). */
export type RatesBus = ChangeBus<RatesChange>

/** The quickstart's bus: one process. */
export class MemoryRatesBus extends MemoryChangeBus<RatesChange> {}

/** Production's bus: every instance drops its index when a deck changes. */
export class RedisRatesBus extends RedisChangeBus<RatesChange> {
  constructor(channel: string) {
    super(channel, 'rates')
  }
}
