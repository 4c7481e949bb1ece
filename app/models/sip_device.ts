import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

export const DEVICE_KINDS = ['android', 'ios', 'web', 'desk_phone'] as const
export type DeviceKind = (typeof DEVICE_KINDS)[number]

/** A SIP endpoint of a user, in the brand's SIP domain. The password itself is never stored. */
export default class SipDevice extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare name: string

  @column()
  declare kind: DeviceKind

  @column()
  declare username: string

  @column()
  declare sipDomain: string

  /** The naming strategy would spell these ha_1 / ha_1_b. */
  @column({ serializeAs: null, columnName: 'ha1' })
  declare ha1: string

  @column({ serializeAs: null, columnName: 'ha1b' })
  declare ha1b: string

  @column()
  declare status: 'active' | 'disabled'

  @column.dateTime()
  declare lastRegisteredAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
