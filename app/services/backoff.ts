/**
 * Exponential backoff with jitter: the step doubles from `initialMs` up to `maxMs`, and the delay
 * is half the step fixed plus up to half at random, so a burst (a pool reconnecting, a batch of
 * retries) does not come back in step. `attempt` counts from 0.
 */
export function backoffDelay(attempt: number, backoff: { initialMs: number; maxMs: number }, random = Math.random) {
  const step = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(Math.max(0, attempt), 30))
  return Math.round(step / 2 + (random() * step) / 2)
}
