import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/** Structured logs; secrets are redacted by path wherever they could appear. */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'brandline',
      level: env.get('LOG_LEVEL') ?? (app.inTest ? 'warn' : 'info'),
      redact: {
        paths: ['password', '*.password', 'secret', '*.secret', '*.*.secret', 'token', '*.token', 'authorization', '*.authorization'],
        censor: '[redacted]',
      },
      transport: {
        targets: [targets.file({ destination: 1 })],
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
