import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import { dbTime } from '#services/db_time'
import Payment from '#models/payment'
import Wallet from '#models/wallet'
import walletService from '#services/money/wallet_service'
import { MoneyException } from '#services/money/errors'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import payments from './manager.js'
import recharges from './recharge_service.js'
import notices from './payment_notices.js'
import type { Completion } from './contract.js'

/** After the 1st, 2nd and 3rd failure the next try waits this long; the 4th switches auto-recharge off. */
export const RETRY_HOURS = [1, 6, 24]
export const MAX_FAILURES = 4
/** A claimed wallet is left alone this long, so a worker that dies mid-charge does not block it forever. */
const LEASE_MINUTES = 15

/**
 * Auto-recharge: when a wallet's available balance drops below its threshold, charge the saved
 * payment method off-session for the configured amount. Wallets are claimed with a guarded
 * update (only while due), so two workers never charge the same wallet twice; the payment row
 * is written before the gateway is called and its id is the gateway's idempotency key, so a
 * retry after a crash re-sends the same charge instead of a new one.
 */
export class AutoRechargeService {
  #inflight = new Set<Promise<unknown>>()

  /** Tries at once when a wallet falls below its threshold (the periodic pass retries). */
  listen() {
    walletService.onAutoRechargeDue((wallet) => this.kick(wallet.tenantId, wallet.id))
  }

  /** Starts an attempt in the background; `idle()` waits for it. */
  kick(tenantId: number, walletId: number) {
    const attempt = this.attempt(tenantId, walletId).catch((error) =>
      logger.error({ err: error, walletId }, 'immediate auto-recharge failed')
    )
    this.#inflight.add(attempt)
    void attempt.finally(() => this.#inflight.delete(attempt))
  }

  /** Resolves when immediate attempts started by `listen()` are done (shutdown and tests). */
  async idle() {
    while (this.#inflight.size) await Promise.allSettled([...this.#inflight])
  }

  /** One pass over every due wallet, each inside its own tenant; returns how many it charged or retried. */
  async runDue(limit = 200) {
    const due = await acrossAllTenants('auto-recharge pass', () =>
      Wallet.query()
        .where('auto_recharge_enabled', true)
        .where('auto_recharge_due_at', '<=', dbTime(DateTime.now()))
        .orderBy('auto_recharge_due_at')
        .limit(limit)
        .select('id', 'tenant_id')
    )
    let handled = 0
    for (const wallet of due) if (await this.attempt(wallet.tenantId, wallet.id)) handled++
    return handled
  }

  /**
   * A charge now because something must be paid (a number renewal) that the available balance
   * does not cover, even above the threshold. A wallet in backoff after a failure is left alone.
   */
  async rechargeFor(tenantId: number, walletId: number, neededMicros: number) {
    const tenant = await tenancy.resolver.snapshot(tenantId)
    if (!tenant) return false
    await runForTenant(tenant, () =>
      Wallet.query().where('id', walletId).where('auto_recharge_enabled', true).whereNull('auto_recharge_due_at').update({ auto_recharge_due_at: dbTime(DateTime.now()) })
    )
    return this.attempt(tenantId, walletId, neededMicros)
  }

  /** Claims one due wallet and charges it; false when it is not due or another worker has it. */
  async attempt(tenantId: number, walletId: number, neededMicros = 0) {
    const tenant = await tenancy.resolver.snapshot(tenantId)
    if (!tenant) return false
    return runForTenant(tenant, async () => {
      if (!(await this.#claim(walletId))) return false
      const wallet = await Wallet.findOrFail(walletId)
      try {
        await this.#charge(tenant, wallet, neededMicros)
      } catch (error) {
        logger.error({ err: error, tenant: tenant.slug, walletId }, 'auto-recharge attempt failed')
        const message = error instanceof MoneyException ? error.message : 'The payment gateway could not be reached'
        await this.#failed(tenant, wallet, message)
      }
      return true
    })
  }

  async #claim(walletId: number) {
    const now = DateTime.now()
    const result: any = await Wallet.query()
      .where('id', walletId)
      .where('auto_recharge_enabled', true)
      .where('auto_recharge_due_at', '<=', dbTime(now))
      .update({ auto_recharge_due_at: dbTime(now.plus({ minutes: LEASE_MINUTES })) })
    return Number(Array.isArray(result) ? result[0] : result) === 1
  }

  async #charge(tenant: TenantSnapshot, wallet: Wallet, neededMicros: number) {
    const reason = this.#blocker(tenant, wallet, neededMicros)
    if (reason === 'not_needed') return Wallet.query().where('id', wallet.id).update({ auto_recharge_due_at: null })
    if (reason) return this.#failed(tenant, wallet, reason, true)
    const gateway = await payments.use(tenant, wallet.autoRechargeGateway!)
    const payment = await this.#paymentFor(wallet)
    let result: Completion
    if (payment.gatewayRef) {
      result = await gateway.complete(payment.gatewayRef)
    } else {
      result = await gateway.chargeOffSession({
        paymentId: payment.id,
        tenantId: tenant.id,
        walletId: wallet.id,
        amountMicros: payment.amountMicros,
        currency: payment.currency,
        customerRef: wallet.gatewayCustomerRef ?? '',
        paymentMethodRef: wallet.gatewayPaymentMethodRef!,
        idempotencyKey: `brandline-payment-${payment.id}`,
      })
      if (result.gatewayRef && !payment.gatewayRef) await payment.merge({ gatewayRef: result.gatewayRef }).save()
    }
    const outcome = await recharges.record(payment, result)
    if (outcome === 'failed') await this.#failed(tenant, wallet, result.failureMessage ?? 'The payment was declined')
    if (outcome === 'pending') await Wallet.query().where('id', wallet.id).update({ auto_recharge_due_at: dbTime(DateTime.now().plus({ hours: 1 })) })
  }

  /** Why this wallet cannot be charged now; `not_needed` when the balance recovered meanwhile. */
  #blocker(tenant: TenantSnapshot, wallet: Wallet, neededMicros: number): string | null {
    if (wallet.availableMicros >= Math.max(wallet.autoRechargeThresholdMicros, neededMicros)) return 'not_needed'
    if (!tenant.config.payments.autoRecharge.enabled) return 'This brand has switched auto-recharge off'
    const gateway = wallet.autoRechargeGateway
    if (!gateway || !wallet.gatewayPaymentMethodRef) return 'No saved payment method'
    if (!payments.isGateway(gateway) || !tenant.config.payments.gateways[gateway].enabled) return 'The saved payment method\'s gateway is no longer offered'
    return null
  }

  /** An unfinished auto-recharge of this wallet (so a retry re-sends the same charge), or a new one. */
  async #paymentFor(wallet: Wallet) {
    const open = await Payment.query()
      .where('wallet_id', wallet.id)
      .where('purpose', 'auto_recharge')
      .whereIn('status', ['pending', 'requires_action'])
      .where('created_at', '>', dbTime(DateTime.now().minus({ hours: 24 })))
      .orderBy('id', 'desc')
      .first()
    if (open) return open
    return Payment.create({
      walletId: wallet.id,
      userId: wallet.userId,
      gateway: wallet.autoRechargeGateway!,
      purpose: 'auto_recharge',
      amountMicros: wallet.autoRechargeAmountMicros,
      refundedMicros: 0,
      currency: wallet.currency,
      status: 'pending',
      savePaymentMethod: false,
    })
  }

  /** Counts a failure, tells the user, and sets the next try; the last one switches auto-recharge off. */
  async #failed(tenant: TenantSnapshot, wallet: Wallet, message: string, final = false) {
    const failures = wallet.autoRechargeFailures + 1
    const giveUp = final || failures >= MAX_FAILURES
    const next = giveUp ? null : DateTime.now().plus({ hours: RETRY_HOURS[failures - 1] })
    await Wallet.query()
      .where('id', wallet.id)
      .update({
        auto_recharge_failures: failures,
        auto_recharge_last_error: message.slice(0, 255),
        auto_recharge_due_at: next ? dbTime(next) : null,
        ...(giveUp ? { auto_recharge_enabled: false } : {}),
      })
    await notices.autoRechargeFailed(tenant, wallet, message, next)
  }
}

const autoRecharge = new AutoRechargeService()
export default autoRecharge
