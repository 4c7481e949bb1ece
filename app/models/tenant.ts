import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import TenantDomain from '#models/tenant_domain'

/** A reseller brand. Owned by the platform, so it is not tenant-scoped itself. */
export default class Tenant extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare status: 'active' | 'suspended'

  @column()
  declare parentId: number | null

  @belongsTo(() => Tenant, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof Tenant>

  @hasMany(() => TenantDomain)
  declare domains: HasMany<typeof TenantDomain>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isSuspended() {
    return this.status === 'suspended'
  }
}
