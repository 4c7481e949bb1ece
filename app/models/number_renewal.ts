import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export type RenewalStatus = 'charged' | 'failed'

/** A number's renewal for one month: charged once, or failed (and retried) until it is. */
export default class NumberRenewal extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare phoneNumberId: number

  @column()
  declare userId: number | null

  /** `YYYY-MM` of the date the renewal was due. */
  @column()
  declare period: string

  @column()
  declare status: RenewalStatus

  @column()
  declare attempts: number

  @column(bigintColumn)
  declare amountMicros: number

  @column(bigintColumn)
  declare ledgerEntryId: number | null

  @column()
  declare lastError: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
