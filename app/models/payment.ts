import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export type PaymentStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded'

/** A wallet recharge through a gateway, from checkout to credit and any refunds. */
export default class Payment extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare walletId: number

  @column()
  declare userId: number

  @column()
  declare gateway: string

  @column()
  declare gatewayRef: string | null

  @column()
  declare purpose: 'recharge' | 'auto_recharge'

  @column(bigintColumn)
  declare amountMicros: number

  @column(bigintColumn)
  declare refundedMicros: number

  @column()
  declare currency: string

  @column()
  declare status: PaymentStatus

  @column()
  declare failureMessage: string | null

  /** The buyer asked to keep the payment method for auto-recharge. */
  @column({ consume: Boolean })
  declare savePaymentMethod: boolean

  @column.dateTime()
  declare creditedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
