import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * A background worker: runs every registered job on its interval until stopped. Run as many
 * as needed; jobs claim their rows in the database, so workers never do the same work twice.
 */
export default class Worker extends BaseCommand {
  static commandName = 'brandline:worker'
  static description = 'Run background jobs (message outbox, holds, renewals, call guard, number sweeps), the SMPP binds and the FreeSWITCH event sockets until stopped'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.string({ description: 'Run one pass of this job and exit (e.g. holds.sweep)' })
  declare once: string

  async run() {
    const { default: scheduler } = await import('#jobs/scheduler')
    await import('#jobs/index')
    if (this.once) {
      const handled = await scheduler.runOnce(this.once)
      this.logger.info(`${this.once}: ${handled} handled`)
      return this.terminate()
    }
    scheduler.start()
    this.logger.info(`worker running: ${scheduler.jobs().map((job) => job.name).join(', ')}`)
    /** The platform FreeSWITCH pool's event sockets and outbound server (nothing when no pool is configured). */
    const freeswitch = await import('#telephony/freeswitch/runtime')
    await freeswitch.start()
    /** The message outbox, and the platform's SMPP binds (so inbound messages and receipts arrive while nothing is sent). */
    const messagingRuntime = await import('#services/messaging/runtime')
    await messagingRuntime.start()
    this.app.terminating(async () => {
      scheduler.stop()
      await messagingRuntime.stop()
      await freeswitch.stop()
    })
  }
}
