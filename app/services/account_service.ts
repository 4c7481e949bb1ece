import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import { errors } from '@vinejs/vine'
import hash from '@adonisjs/core/services/hash'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import User from '#models/user'
import PasswordResetToken from '#models/password_reset_token'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'

/** An email already registered with this brand (other brands may have it too). */
export class EmailTakenException extends Exception {
  static status = 409
  static code = 'EMAIL_TAKEN'
  static message = 'An account with this email already exists'
}


const RESET_TTL_MINUTES = 60
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/**
 * A brand's end-user accounts: sign up, sign in (throttled per brand + email + IP),
 * profile, password change and reset. Each method takes the tenant and runs scoped to it.
 */
export class AccountService {
  /** Creates an end user of this brand. */
  register(tenant: TenantSnapshot, data: { fullName: string; email: string; password: string }) {
    return runForTenant(tenant, async () => {
      if (await User.findBy('email', data.email)) throw new EmailTakenException()
      return User.create({ ...data, role: 'user', status: 'active' })
    })
  }

  /**
   * Checks credentials with a limit of 5 failures per 15 minutes for one brand, email and
   * IP. Throws E_INVALID_CREDENTIALS or E_TOO_MANY_REQUESTS.
   */
  verifyCredentials(tenant: TenantSnapshot, email: string, password: string, ip: string) {
    return runForTenant(tenant, async () => {
      const throttle = limiter.use({ requests: 5, duration: '15 mins', blockDuration: '15 mins' })
      const key = `login:${tenant.id}:${email}:${ip}`
      const [error, user] = await throttle.penalize(key, () => User.verifyCredentials(email, password))
      if (error) throw error
      return user
    })
  }

  updateProfile(tenant: TenantSnapshot, user: User, data: { fullName: string; email: string }) {
    return runForTenant(tenant, async () => {
      if (data.email !== user.email && (await User.findBy('email', data.email))) throw new EmailTakenException()
      return user.merge(data).save()
    })
  }

  /** Changes the password after checking the current one; other API tokens are revoked. */
  changePassword(tenant: TenantSnapshot, user: User, current: string, next: string) {
    return runForTenant(tenant, async () => {
      if (!(await hash.verify(user.password, current))) {
        throw new errors.E_VALIDATION_ERROR([
          { field: 'currentPassword', message: 'The current password is incorrect', rule: 'password' },
        ])
      }
      user.password = next
      await user.save()
      const keep = user.currentAccessToken?.identifier
      for (const token of await User.accessTokens.all(user)) {
        if (token.identifier !== keep) await User.accessTokens.delete(user, token.identifier)
      }
    })
  }

  /** Mails a one-hour reset link when the email belongs to this brand; silent otherwise. */
  requestPasswordReset(tenant: TenantSnapshot, email: string, baseUrl: string) {
    return runForTenant(tenant, async () => {
      const user = await User.findBy('email', email)
      if (!user || user.status !== 'active') return
      const token = randomBytes(32).toString('base64url')
      await PasswordResetToken.create({
        userId: user.id,
        tokenHash: sha256(token),
        expiresAt: DateTime.utc().plus({ minutes: RESET_TTL_MINUTES }),
        usedAt: null,
      })
      const link = `${baseUrl}/portal/reset-password/${token}`
      const { appName } = tenant.branding
      const fill = (text: string) => text.replaceAll('{{appName}}', appName).replaceAll('{{link}}', link)
      const { passwordResetSubject, passwordResetBody } = tenant.config.content.emails
      await mail.send((message) => {
        message
          .to(user.email)
          .from(tenant.config.support.email ?? 'no-reply@brandline.test', appName)
          .subject(fill(passwordResetSubject))
          .text(fill(passwordResetBody))
      })
    })
  }

  /** Whether a reset token is valid for this brand (used to show or refuse the form). */
  findResetToken(tenant: TenantSnapshot, token: string) {
    return runForTenant(tenant, async () => {
      const row = await PasswordResetToken.query().where('token_hash', sha256(token)).whereNull('used_at').first()
      return row && row.expiresAt > DateTime.utc() ? row : null
    })
  }

  /** Sets a new password from a valid token, once; returns false for a bad or used token. */
  resetPassword(tenant: TenantSnapshot, token: string, password: string) {
    return runForTenant(tenant, async () => {
      const row = await this.findResetToken(tenant, token)
      if (!row) return false
      const user = await User.find(row.userId)
      if (!user) return false
      row.usedAt = DateTime.utc()
      await row.save()
      user.password = password
      await user.save()
      return true
    })
  }
}

export default new AccountService()
