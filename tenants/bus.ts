import { MemoryChangeBus, RedisChangeBus, type ChangeBus } from '#services/change_bus'

/** A change that makes cached tenancy data stale. */
export interface TenancyChange {
  tenantId: number | null
  reason: 'tenant' | 'domains' | 'config'
}

/** Carries tenancy invalidations between processes (Redis) or within one (memory). */
export type TenancyBus = ChangeBus<TenancyChange>

/** The quickstart's bus: one process. */
export class MemoryTenancyBus extends MemoryChangeBus<TenancyChange> {}

/** Production's bus: every web and worker process drops its stale snapshots. */
export class RedisTenancyBus extends RedisChangeBus<TenancyChange> {
  constructor(channel: string) {
    super(channel, 'tenancy')
  }
}
