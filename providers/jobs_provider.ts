import type { ApplicationService } from '@adonisjs/core/types'

/** Starts the job scheduler inside the web process when configured to (the quickstart). */
export default class JobsProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'web' || !this.app.config.get<boolean>('jobs.inline')) return
    const { default: scheduler } = await import('#jobs/scheduler')
    await import('#jobs/index')
    scheduler.start()
  }

  async shutdown() {
    const { default: scheduler } = await import('#jobs/scheduler')
    scheduler.stop()
  }
}
