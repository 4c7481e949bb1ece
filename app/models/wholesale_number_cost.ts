import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { NumberType } from '#services/rating/quotes'
import { instantForStorage, storedInstant } from '#services/rating/instants'

/** What a phone number costs the platform in a currency, from `effectiveFrom` on (null: always). */
export default class WholesaleNumberCost extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare currency: string

  @column()
  declare country: string

  @column()
  declare type: NumberType

  @column({ consume: (value) => Number(value) })
  declare setupMicros: number

  @column({ consume: (value) => Number(value) })
  declare monthlyMicros: number

  /** Epoch ms (ALWAYS: in force since forever); stored as DATETIME(3) in UTC, null for always. */
  @column({ prepare: (ms: number) => instantForStorage(ms), consume: (value) => storedInstant(value) })
  declare effectiveFrom: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
