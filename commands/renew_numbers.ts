import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { DateTime } from 'luxon'

/**
 * Renews every phone number that is due, in every brand. Safe to run as often as a
 * scheduler or cron likes: a number is charged at most once per month however many times
 * (or in how many places at once) this runs.
 */
export default class RenewNumbers extends BaseCommand {
  static commandName = 'numbers:renew'
  static description = 'Charge monthly number renewals that are due; move unpaid numbers to grace, then quarantine'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Act as if it were this instant (ISO 8601, e.g. 2026-12-01T00:00:00Z); default now' })
  declare at: string

  async run() {
    const now = this.at ? DateTime.fromISO(this.at, { setZone: true }) : DateTime.utc()
    if (!now.isValid) {
      this.logger.error(`--at must be an ISO 8601 instant, got "${this.at}"`)
      this.exitCode = 1
      return
    }
    const { default: renewals } = await import('#services/money/renewal_service')
    const summary = await renewals.runDue(now.toUTC())
    this.logger.info(
      `numbers:renew at ${now.toUTC().toISO()}: renewed ${summary.renewed}, failed ${summary.failed} ` +
        `(in grace ${summary.inGrace}, quarantined ${summary.quarantined}), errors ${summary.errors}`
    )
    if (summary.errors > 0) this.exitCode = 1
  }
}
