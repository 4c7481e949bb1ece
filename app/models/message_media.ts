import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** An MMS attachment; the bytes are in storage under `tenants/<id>/mms/`. */
export default class MessageMedia extends compose(BaseModel, TenantScoped) {
  static table = 'message_media'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare messageId: number | null

  @column({ serializeAs: null })
  declare storageKey: string

  @column()
  declare contentType: string

  @column()
  declare bytes: number

  @column()
  declare fileName: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
