import { setTimeout as sleep } from 'node:timers/promises'

const ATTEMPTS = 4

/** InnoDB chose this transaction as a deadlock victim: it was rolled back whole and may simply run again. */
export function isDeadlock(error: any) {
  return error?.errno === 1213 || error?.code === 'ER_LOCK_DEADLOCK'
}

/** Runs `work` again (after a short, growing pause) when the database picked it as a deadlock victim. */
export async function withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (!isDeadlock(error) || attempt >= ATTEMPTS) throw error
      await sleep(attempt * 10 + Math.floor(Math.random() * 20))
    }
  }
}
