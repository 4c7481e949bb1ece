import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Issues the monthly statement of every user with wallet activity, in every brand (or one).
 * Idempotent: users who already have the period's invoice are left alone, so it is safe to
 * re-run after a failure or from several places at once.
 */
export default class GenerateInvoices extends BaseCommand {
  static commandName = 'invoices:generate'
  static description = 'Issue monthly invoices (statements) for a closed month; default last month'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The month, as YYYY-MM (default: last month, UTC)' })
  declare period: string

  @flags.string({ description: 'Only this brand (its slug)' })
  declare tenant: string

  async run() {
    const { default: invoices } = await import('#services/invoices/invoice_service')
    const { previousPeriod } = await import('#services/invoices/statement_service')
    const period = this.period ?? previousPeriod()
    const results = await invoices.generateEverywhere(period, { slug: this.tenant })
    if (this.tenant && results.length === 0) {
      this.logger.error(`No brand with the slug "${this.tenant}"`)
      this.exitCode = 1
    }
    for (const { slug, summary, error } of results) {
      if (error) {
        this.logger.error(`${slug} ${period}: ${error.message}`)
        this.exitCode = 1
      } else {
        this.logger.info(`${slug} ${period}: ${summary!.created} issued, ${summary!.existing} already issued, ${summary!.skipped} without activity`)
      }
    }
  }
}
