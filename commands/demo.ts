import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Seeds the demo brands when the database is empty and prints where to find them. */
export default class Demo extends BaseCommand {
  static commandName = 'brandline:demo'
  static description = 'Seed the two demo brands and the platform operator (only into an empty database)'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { seedDemo, DEMO_PASSWORD } = await import('#database/seeders/demo_data')
    const { default: tenancy } = await import('#tenants/main')
    const seeded = await seedDemo()
    const port = process.env.PORT ?? '3333'
    const domain = tenancy.options.platformDomain
    this.logger.info(seeded ? 'Demo data seeded.' : 'Database already has tenants; demo seeding skipped.')
    const rows = [
      ['Acme Voice', `http://acme.${domain}:${port}`, 'admin@acme.test (admin), ann@acme.test'],
      ['Acme Voice (custom domain)', `http://voice.acme.test:${port}`, 'needs voice.acme.test in /etc/hosts'],
      ['Globex Telecom', `http://globex.${domain}:${port}`, 'admin@globex.test (admin), gus@globex.test'],
      ['Platform super-admin', `http://admin.${domain}:${port}`, 'root@brandline.test'],
    ]
    const table = this.ui.table().head(['Where', 'URL', 'Logins'])
    for (const row of rows) table.row(row)
    table.render()
    this.logger.info(`Every demo login uses the password "${DEMO_PASSWORD}".`)
  }
}
