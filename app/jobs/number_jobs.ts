import scheduler from '#jobs/scheduler'
import { releaseQuarantinedNumbers, sweepExpiredReservations } from '#services/numbers/number_sweeper'

/** The number inventory's periodic work: reservations that ran out, quarantines that ended. */
scheduler.register({ name: 'numbers.reservations.sweep', everySeconds: 60, run: () => sweepExpiredReservations() })
scheduler.register({ name: 'numbers.quarantine.release', everySeconds: 3600, run: () => releaseQuarantinedNumbers() })
