import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { AccessToken } from '@adonisjs/auth/access_tokens'
import { ThrottledAccessTokensProvider } from '#services/access_tokens_provider'
import { TenantScoped } from '#tenants/scoped'

export type UserRole = 'owner' | 'admin' | 'support' | 'user'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/** A person of one brand. Looked up through the tenant scope, so brands never see each other's. */
export default class User extends compose(BaseModel, TenantScoped, AuthFinder) {
  static accessTokens = new ThrottledAccessTokensProvider({
    tokenableModel: User,
    table: 'auth_access_tokens',
    expiresIn: '30 days',
    prefix: 'blt_',
  })

  declare currentAccessToken?: AccessToken

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare fullName: string | null

  @column()
  declare role: UserRole

  @column()
  declare status: 'active' | 'suspended'

  /** Where message status callbacks are posted (null: none). */
  @column()
  declare messageCallbackUrl: string | null

  /** The callbacks' HMAC secret, encrypted; never serialized. */
  @column({ serializeAs: null })
  declare messageCallbackSecret: string | null

  /** IANA time zone for scheduled messages (null: UTC). */
  @column()
  declare timeZone: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Owners, admins and support staff may open the brand's admin. */
  get isStaff() {
    return this.role !== 'user'
  }

  /** Owners and admins may change the brand; support staff only read. */
  get canManage() {
    return this.role === 'owner' || this.role === 'admin'
  }
}
