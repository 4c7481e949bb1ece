import scheduler from '#jobs/scheduler'
import { sweepExpiredHolds } from '#services/money/hold_sweeper'
import idempotency from '#services/money/idempotency_service'
import renewals from '#services/money/renewal_service'
import invoices from '#services/invoices/invoice_service'
import autoRecharge from '#services/payments/auto_recharge_service'

/** The money issue's periodic work; imported once by the worker and the quickstart server. */
scheduler.register({ name: 'holds.sweep', everySeconds: 30, run: () => sweepExpiredHolds() })
scheduler.register({ name: 'idempotency.prune', everySeconds: 3600, run: () => idempotency.prune() })
scheduler.register({ name: 'numbers.renew', everySeconds: 3600, run: () => renewals.runDue().then((s) => s.renewed + s.failed) })
scheduler.register({ name: 'invoices.generate', everySeconds: 6 * 3600, run: () => invoices.generateLastMonth() })
scheduler.register({ name: 'payments.auto_recharge', everySeconds: 60, run: () => autoRecharge.runDue() })
