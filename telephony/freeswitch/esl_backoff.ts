/** How EslLink spaces its reconnect attempts. */
export interface Backoff {
  /** First retry after about this long. */
  initialMs: number
  /** Retries never wait longer than this. */
  maxMs: number
  /** After a refused password: retry this slowly (it needs an operator anyway). */
  authFailMs: number
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, authFailMs: 60_000 }

/** Exponential backoff with jitter: half the step fixed, half random, so a pool does not reconnect in step. */
export function backoffDelay(attempt: number, backoff: Pick<Backoff, 'initialMs' | 'maxMs'>, random = Math.random) {
  const step = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(step / 2 + (random() * step) / 2)
}
