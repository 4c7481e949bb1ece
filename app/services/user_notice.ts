import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import User from '#models/user'
import type { TenantSnapshot } from '#tenants/snapshot'

/**
 * A plain-text mail to one of a brand's users, in the brand's name and with its support
 * contact. A mail that cannot be sent is logged with the tenant and never throws: the money
 * or the number it reports on is already saved.
 */
export async function sendUserNotice(tenant: TenantSnapshot, userId: number, subject: string, paragraphs: string[]) {
  try {
    const user = await User.find(userId)
    if (!user) return
    const { appName } = tenant.branding
    const support = tenant.config.support.email ? `\n\n${appName} support: ${tenant.config.support.email}` : ''
    await mail.send((message) => {
      message
        .to(user.email)
        .from(tenant.config.support.email ?? 'no-reply@brandline.test', appName)
        .subject(subject)
        .text(`Hello ${user.fullName ?? user.email},\n\n${paragraphs.join('\n\n')}${support}\n\n${appName}`)
    })
    logger.info({ tenant: tenant.slug, userId, subject }, 'user notice sent')
  } catch (error) {
    logger.error({ err: error, tenant: tenant.slug, userId, subject }, 'user notice not sent')
  }
}
