import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

export type CallbackStatus = 'pending' | 'delivered' | 'failed'

/** One status change posted to a user's callback URL: the delivery log. */
export default class MessageCallback extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare messageId: number

  @column()
  declare event: string

  @column()
  declare url: string

  @column()
  declare payload: string

  @column()
  declare status: CallbackStatus

  @column()
  declare attempts: number

  @column.dateTime()
  declare nextAttemptAt: DateTime | null

  @column({ serializeAs: null })
  declare claimedBy: string | null

  @column.dateTime({ serializeAs: null })
  declare claimExpiresAt: DateTime | null

  @column()
  declare responseStatus: number | null

  @column()
  declare lastError: string | null

  @column.dateTime()
  declare deliveredAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
