import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

/** A hostname of a brand: its platform subdomain, or a custom domain proven by DNS. */
export default class TenantDomain extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare hostname: string

  @column()
  declare kind: 'platform_subdomain' | 'custom'

  @column({ consume: (value) => Boolean(value) })
  declare isPrimary: boolean

  @column({ serializeAs: null })
  declare verificationToken: string

  @column.dateTime()
  declare verifiedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Platform subdomains always resolve; custom domains once verified. */
  get resolves() {
    return this.kind === 'platform_subdomain' || this.verifiedAt !== null
  }
}
