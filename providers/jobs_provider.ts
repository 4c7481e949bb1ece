import type { ApplicationService } from '@adonisjs/core/types'

/** Starts the job scheduler (and any FreeSWITCH event sockets) inside the web process when configured to (the quickstart). */
export default class JobsProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'web' || !this.app.config.get<boolean>('jobs.inline')) return
    const { default: scheduler } = await import('#jobs/scheduler')
    await import('#jobs/index')
    scheduler.start()
    const freeswitch = await import('#telephony/freeswitch/runtime')
    await freeswitch.start()
    const messaging = await import('#services/messaging/runtime')
    await messaging.start()
  }

  async shutdown() {
    const { default: scheduler } = await import('#jobs/scheduler')
    scheduler.stop()
    const messaging = await import('#services/messaging/runtime')
    await messaging.stop()
    const freeswitch = await import('#telephony/freeswitch/runtime')
    await freeswitch.stop()
  }
}
