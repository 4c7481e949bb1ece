import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export type NumberStatus = 'active' | 'disabled' | 'grace' | 'quarantined'

/** A phone number a brand's user holds, renewed monthly from the wallet. */
export default class PhoneNumber extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number | null

  @column({ columnName: 'e164' })
  declare e164: string

  @column()
  declare country: string

  @column()
  declare type: 'local' | 'mobile' | 'toll_free'

  @column()
  declare status: NumberStatus

  @column({ consume: Boolean })
  declare isPrimary: boolean

  @column(bigintColumn)
  declare monthlyPriceMicros: number

  @column(bigintColumn)
  declare monthlyCostMicros: number

  @column.dateTime()
  declare renewsAt: DateTime | null

  @column.dateTime()
  declare graceUntil: DateTime | null

  @column.dateTime()
  declare quarantinedUntil: DateTime | null

  /** The number provider it was ordered from, and that provider's id for it. */
  @column()
  declare provider: string

  @column()
  declare providerRef: string | null

  @column()
  declare region: string | null

  @column()
  declare locality: string | null

  @column({ consume: Boolean })
  declare voiceEnabled: boolean

  @column({ consume: Boolean })
  declare smsEnabled: boolean

  @column({ consume: Boolean })
  declare mmsEnabled: boolean

  @column(bigintColumn)
  declare setupPriceMicros: number

  @column.dateTime()
  declare purchasedAt: DateTime | null

  @column.dateTime()
  declare releasedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
