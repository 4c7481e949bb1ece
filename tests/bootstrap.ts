import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import { browserClient } from '@japa/browser-client'
import { chromium } from 'playwright'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { sessionBrowserClient } from '@adonisjs/session/plugins/browser_client'
import { authBrowserClient } from '@adonisjs/auth/plugins/browser_client'

/** Chromium from Debian (Playwright's own download cannot run here). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  sessionApiClient(app),
  authApiClient(app),
  shieldApiClient(),
  browserClient({
    runInSuites: ['browser'],
    launcher: (options) =>
      chromium.launch({
        ...options,
        headless: true,
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
      }),
  }),
  sessionBrowserClient(app),
  authBrowserClient(app),
]

/**
 * Once per run: a fresh schema on the test database (MySQL) and the demo data, which the
 * suites use as their two brands. Tests that change a brand create their own.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      /** Drop and migrate without MySQL's server-wide advisory lock, so parallel runs on other databases don't collide. */
      const db = await app.container.make('lucid.db')
      const views = await db.connection().getAllViews(['public'])
      if (views.length) await db.connection().dialect.dropAllViews(['public'])
      await db.connection().dialect.dropAllTables(['public'])
      const ace = await app.container.make('ace')
      const command = await ace.exec('migration:run', ['--force', '--disable-locks'])
      if (command.exitCode !== 0) throw command.error ?? new Error('migration:run failed')
    },
    async () => {
      const { seedDemo } = await import('#database/seeders/demo_data')
      await seedDemo()
    },
  ],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional', 'integration'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
