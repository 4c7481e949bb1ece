import logger from '@adonisjs/core/services/logger'

/** Periodic background work: a hold sweeper, auto-recharge, renewals, the outbox later. */
export interface Job {
  name: string
  everySeconds: number
  /** Does one pass and returns how many items it handled (for the log). */
  run(): Promise<number>
}

/**
 * Runs registered jobs on their intervals, one pass of a job at a time. The database is the
 * source of truth for every job, so any number of schedulers (the web process in the
 * quickstart, `brandline:worker` processes in production) can run side by side.
 */
export class Scheduler {
  #jobs = new Map<string, Job>()
  #timers: NodeJS.Timeout[] = []
  #running = new Set<string>()

  register(job: Job) {
    this.#jobs.set(job.name, job)
  }

  jobs() {
    return [...this.#jobs.values()]
  }

  /** One pass of a job by name; passes never overlap. */
  async runOnce(name: string) {
    const job = this.#jobs.get(name)
    if (!job) throw new Error(`Unknown job "${name}"; known: ${[...this.#jobs.keys()].join(', ')}`)
    if (this.#running.has(name)) return 0
    this.#running.add(name)
    try {
      const handled = await job.run()
      if (handled) logger.info({ job: name, handled }, 'job pass')
      return handled
    } catch (error) {
      logger.error({ job: name, err: error }, 'job pass failed')
      return 0
    } finally {
      this.#running.delete(name)
    }
  }

  start() {
    for (const job of this.#jobs.values()) {
      const timer = setInterval(() => void this.runOnce(job.name), job.everySeconds * 1000)
      timer.unref()
      this.#timers.push(timer)
    }
  }

  stop() {
    for (const timer of this.#timers) clearInterval(timer)
    this.#timers = []
  }
}

const scheduler = new Scheduler()
export default scheduler
