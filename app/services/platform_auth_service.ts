import limiter from '@adonisjs/limiter/services/main'
import PlatformUser from '#models/platform_user'

/**
 * Operator sign-in for the console and the platform API. Failures are throttled per email
 * and IP (5 per 15 minutes, then a 15-minute block), so the platform's keys cannot be guessed.
 */
export class PlatformAuthService {
  /** Throws E_INVALID_CREDENTIALS, or E_TOO_MANY_REQUESTS once the key is blocked. */
  async verifyCredentials(email: string, password: string, ip: string) {
    const throttle = limiter.use({ requests: 5, duration: '15 mins', blockDuration: '15 mins' })
    const key = `platform-login:${email}:${ip}`
    const [error, user] = await throttle.penalize(key, () => PlatformUser.verifyCredentials(email, password))
    if (error) throw error
    return user
  }

  /** A bearer token for the platform API; it is checked against platform_access_tokens only. */
  async issueToken(user: PlatformUser) {
    const token = await PlatformUser.accessTokens.create(user, ['*'], { name: 'platform-api' })
    return {
      token: token.value!.release(),
      type: 'bearer' as const,
      expiresAt: token.expiresAt?.toISOString() ?? null,
      user: { id: user.id, email: user.email, fullName: user.fullName },
    }
  }

  /** Revokes the token the request came with, so a leaked copy stops working at once. */
  async revokeCurrentToken(user: PlatformUser) {
    if (user.currentAccessToken) await PlatformUser.accessTokens.delete(user, user.currentAccessToken.identifier)
  }
}

export default new PlatformAuthService()
