import env from '#start/env'
import { configProvider } from '@adonisjs/core'
import { defineConfig, transports } from '@adonisjs/mail'
import type { InferMailers } from '@adonisjs/mail/types'

/** Mail is logged in the quickstart and sent over SMTP in production. */
const mailConfig = defineConfig({
  default: env.get('MAIL_MAILER') ?? 'log',
  from: env.get('MAIL_FROM') ?? 'no-reply@brandline.test',
  mailers: {
    log: configProvider.create(async () => {
      const { LogMailTransport } = await import('#services/log_mail_transport')
      return () => new LogMailTransport()
    }),
    smtp: transports.smtp({
      host: env.get('SMTP_HOST') ?? '127.0.0.1',
      port: env.get('SMTP_PORT') ?? 25,
      auth: env.get('SMTP_USERNAME')
        ? { type: 'login', user: env.get('SMTP_USERNAME')!, pass: env.get('SMTP_PASSWORD') ?? '' }
        : undefined,
    }),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
