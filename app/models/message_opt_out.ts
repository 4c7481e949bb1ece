import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** A destination that texted STOP to the brand: no message goes to it until UNSTOP. */
export default class MessageOptOut extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare contact: string

  @column()
  declare viaNumber: string | null

  @column()
  declare keyword: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
