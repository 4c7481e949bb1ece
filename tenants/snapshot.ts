import type { TenantConfig, FeatureName } from './config/defaults.js'
import type { ResolvedBranding } from './branding.js'

/** Everything a request needs to know about its tenant, cached per process. */
export interface TenantSnapshot {
  id: number
  slug: string
  name: string
  status: 'active' | 'suspended'
  parentId: number | null
  primaryHost: string
  configVersion: number
  /** The stored document: secrets inside are still sealed. */
  config: TenantConfig
  branding: ResolvedBranding
  features: Record<FeatureName, boolean>
}

export type Resolution = { kind: 'platform' } | { kind: 'tenant'; tenant: TenantSnapshot }
