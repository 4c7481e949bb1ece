import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

export type BulkStatus = 'scheduled' | 'sending' | 'completed' | 'cancelled'

/** A bulk send; its recipients are message rows with `bulk_id`, so progress is a count by status. */
export default class MessageBulk extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare phoneNumberId: number | null

  @column()
  declare name: string | null

  @column()
  declare template: string

  @column()
  declare total: number

  @column()
  declare perMinute: number | null

  @column.dateTime()
  declare startsAt: DateTime | null

  @column()
  declare status: BulkStatus

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
