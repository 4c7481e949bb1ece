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

/** The shared backoff (#services/backoff), under the name the ESL code uses. */
export { backoffDelay } from '#services/backoff'
