import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export type HoldStatus = 'open' | 'settled' | 'released' | 'expired'

/** Funds reserved for work in progress; see WalletService.hold / settle / release. */
export default class WalletHold extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare walletId: number

  @column(bigintColumn)
  declare amountMicros: number

  @column()
  declare status: HoldStatus

  @column()
  declare category: string

  @column()
  declare referenceType: string | null

  @column()
  declare referenceId: string | null

  @column()
  declare description: string | null

  @column(bigintColumn)
  declare settledMicros: number | null

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare closedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
