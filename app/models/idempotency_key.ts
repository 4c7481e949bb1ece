import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** The first answer to an Idempotency-Key, replayed for the same request for 24 hours. */
export default class IdempotencyKey extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare owner: string

  @column()
  declare idempotencyKey: string

  @column()
  declare requestHash: string

  @column()
  declare status: 'processing' | 'completed'

  @column()
  declare responseStatus: number | null

  @column()
  declare responseBody: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
