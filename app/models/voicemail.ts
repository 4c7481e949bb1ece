import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** A message left for a user; the audio is in storage under the tenant's prefix. */
export default class Voicemail extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare phoneNumberId: number | null

  @column()
  declare callUuid: string | null

  @column()
  declare caller: string

  @column()
  declare durationSeconds: number

  @column({ serializeAs: null })
  declare audioKey: string

  @column()
  declare audioType: string

  @column()
  declare audioBytes: number

  @column.dateTime()
  declare readAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
