import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export type RefundStatus = 'pending' | 'succeeded' | 'failed'

/** A refund of a recharge to the buyer, as a staff member asked for it and the gateway answered. */
export default class PaymentRefund extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare paymentId: number

  @column(bigintColumn)
  declare amountMicros: number

  @column()
  declare reason: string

  @column()
  declare actorId: number | null

  @column()
  declare status: RefundStatus

  @column()
  declare gatewayRef: string | null

  @column()
  declare failureMessage: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
