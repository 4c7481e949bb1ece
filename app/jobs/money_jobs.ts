import scheduler from '#jobs/scheduler'
import { sweepExpiredHolds } from '#services/money/hold_sweeper'
import idempotency from '#services/money/idempotency_service'

/** The money issue's periodic work; imported once by the worker and the quickstart server. */
scheduler.register({ name: 'holds.sweep', everySeconds: 30, run: () => sweepExpiredHolds() })
scheduler.register({ name: 'idempotency.prune', everySeconds: 3600, run: () => idempotency.prune() })
