import TenantConfigVersion from '#models/tenant_config_version'
import { runForTenant } from '../context.js'
import type { TenancyBus } from '../bus.js'
import { defaultConfig, CONFIG_SCHEMA_VERSION, type TenantConfig } from './defaults.js'
import { tenantConfigValidator } from './schema.js'
import { keepUnchangedSecrets, sealSecrets } from './secrets.js'
import { changedPaths, deepMerge, isPlainObject } from './merge.js'
import { ConfigConflictException, InvalidConfigException } from './errors.js'

export interface StoredConfig {
  version: number
  document: TenantConfig
}

type TenantRef = { id: number; slug: string }

/**
 * Loads, validates, versions and rolls back tenant config documents. Each method takes the
 * tenant explicitly and runs scoped to it, whoever calls (an admin request, the platform, a
 * command). Every change publishes an invalidation so all processes drop their copy.
 */
export class TenantConfigService {
  constructor(private bus: TenancyBus) {}

  /** The current document: saved values over the defaults (secrets still sealed). */
  current(tenant: TenantRef): Promise<StoredConfig> {
    return runForTenant(tenant, async () => {
      const row = await TenantConfigVersion.query().orderBy('version', 'desc').first()
      if (!row) return { version: 0, document: defaultConfig() }
      return { version: row.version, document: deepMerge(defaultConfig(), row.document) as TenantConfig }
    })
  }

  /**
   * Applies a partial document. The merged whole must validate, or nothing is saved and
   * the field errors are thrown (422). Returns the new version.
   */
  update(tenant: TenantRef, patch: unknown, actor: string, note?: string): Promise<StoredConfig> {
    return runForTenant(tenant, async () => {
      if (!isPlainObject(patch)) throw InvalidConfigException.notAnObject()
      const before = await this.current(tenant)
      const merged = keepUnchangedSecrets(deepMerge(before.document, patch), before.document)
      merged.schemaVersion = CONFIG_SCHEMA_VERSION
      const valid = await tenantConfigValidator.validate(merged)
      return this.#save(tenant, before, sealSecrets(valid as Record<string, any>), actor, note ?? null)
    })
  }

  /** Validates overrides on top of the defaults without saving: for a tenant about to be created. */
  async check(overrides: unknown) {
    if (!isPlainObject(overrides)) throw InvalidConfigException.notAnObject()
    await tenantConfigValidator.validate(deepMerge(defaultConfig(), overrides))
  }

  /** Makes an earlier version current again, as a new version (history is never rewritten). */
  rollback(tenant: TenantRef, version: number, actor: string): Promise<StoredConfig | null> {
    return runForTenant(tenant, async () => {
      const target = await TenantConfigVersion.query().where('version', version).first()
      if (!target) return null
      const before = await this.current(tenant)
      const restored = deepMerge(defaultConfig(), target.document)
      return this.#save(tenant, before, restored, actor, `rollback to version ${version}`)
    })
  }

  /** Every saved version, newest first: who changed what and when. */
  history(tenant: TenantRef, limit = 50) {
    return runForTenant(tenant, () =>
      TenantConfigVersion.query().orderBy('version', 'desc').limit(limit)
    )
  }

  async #save(tenant: TenantRef, before: StoredConfig, document: Record<string, any>, actor: string, note: string | null) {
    const changes = changedPaths(before.document, document)
    try {
      await TenantConfigVersion.create({
        tenantId: tenant.id,
        version: before.version + 1,
        document,
        changedBy: actor,
        changes,
        note,
      })
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConfigConflictException()
      throw error
    }
    await this.bus.publish({ tenantId: tenant.id, reason: 'config' })
    return { version: before.version + 1, document: document as TenantConfig }
  }
}

/** MySQL errno 1062 or SQLite's constraint error: someone saved the same version first. */
export function isUniqueViolation(error: any) {
  return error?.errno === 1062 || error?.code === 'SQLITE_CONSTRAINT_UNIQUE'
}
