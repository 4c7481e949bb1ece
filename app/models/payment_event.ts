import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** A webhook event a tenant's gateway delivered, recorded once so a replay changes nothing. */
export default class PaymentEvent extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare gateway: string

  @column()
  declare eventId: string

  @column()
  declare type: string

  @column()
  declare paymentId: number | null

  @column()
  declare outcome: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
