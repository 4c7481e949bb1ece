import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

const bigint = { consume: (value: unknown) => (value === null || value === undefined ? value : Number(value)) }

/**
 * An end user's prepaid wallet. The balance columns are written only by WalletService, in the
 * same transaction as the ledger entry that explains the change.
 */
export default class Wallet extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare currency: string

  @column(bigint)
  declare balanceMicros: number

  @column(bigint)
  declare heldMicros: number

  @column(bigint)
  declare creditLimitMicros: number

  @column({ consume: Boolean })
  declare autoRechargeEnabled: boolean

  @column(bigint)
  declare autoRechargeThresholdMicros: number

  @column(bigint)
  declare autoRechargeAmountMicros: number

  @column()
  declare autoRechargeGateway: string | null

  @column({ serializeAs: null })
  declare gatewayCustomerRef: string | null

  @column({ serializeAs: null })
  declare gatewayPaymentMethodRef: string | null

  @column()
  declare paymentMethodLabel: string | null

  @column.dateTime()
  declare autoRechargeDueAt: DateTime | null

  @column()
  declare autoRechargeFailures: number

  @column()
  declare autoRechargeLastError: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** What can be spent now: balance less open holds, plus any credit the brand allows. */
  get availableMicros() {
    return this.balanceMicros - this.heldMicros + this.creditLimitMicros
  }
}

export { bigint as bigintColumn }
