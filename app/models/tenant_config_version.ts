import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** One saved version of a tenant's config document (secrets inside stay encrypted). */
export default class TenantConfigVersion extends compose(BaseModel, TenantScoped) {
  static table = 'tenant_configs'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare version: number

  @column({
    prepare: (value) => JSON.stringify(value),
    consume: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare document: Record<string, any>

  @column()
  declare changedBy: string

  @column({
    prepare: (value) => JSON.stringify(value),
    consume: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare changes: string[]

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
