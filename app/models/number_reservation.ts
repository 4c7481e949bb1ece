import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** A number held for a user for 15 minutes between search and purchase. */
export default class NumberReservation extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column({ columnName: 'e164' })
  declare e164: string

  @column()
  declare country: string

  @column()
  declare type: 'local' | 'mobile' | 'toll_free'

  @column()
  declare provider: string

  /** The provider's offer (region, locality, capabilities, its own id), kept as JSON text. */
  @column({
    prepare: (value: unknown) => JSON.stringify(value),
    consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare offer: Record<string, unknown>

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
