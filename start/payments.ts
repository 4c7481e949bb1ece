/**
 * Wires payments into the money core in every process (web, worker, tests): a wallet that
 * falls below its auto-recharge threshold gets an immediate attempt; the periodic pass in
 * app/jobs/money_jobs.ts retries what that attempt could not finish.
 */
import autoRecharge from '#services/payments/auto_recharge_service'

autoRecharge.listen()
