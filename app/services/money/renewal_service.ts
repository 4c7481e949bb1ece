import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import PhoneNumber from '#models/phone_number'
import NumberRenewal from '#models/number_renewal'
import type Wallet from '#models/wallet'
import walletService from '#services/money/wallet_service'
import { InsufficientFundsException } from '#services/money/errors'
import { RenewalNotices } from '#services/money/renewal_notices'
import { autoRechargeFromPayments, type AutoRechargeAttempt } from '#services/money/renewal_auto_recharge'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'
import { dbTime } from '#services/db_time'
import type { TenantSnapshot } from '#tenants/snapshot'

export interface RenewalSummary {
  renewed: number
  /** Numbers the wallet could not pay for in this run (they are now in grace or quarantined). */
  failed: number
  inGrace: number
  quarantined: number
  /** Numbers that hit an unexpected error (logged); the next run tries them again. */
  errors: number
}

type Outcome = 'renewed' | 'grace' | 'quarantined' | 'skipped'
type Charge = { kind: 'charged' | 'skipped' } | { kind: 'insufficient'; wallet: Wallet; neededMicros: number }

/** How long a released number is held before it may go to someone else. */
export const QUARANTINE_DAYS = 30

/** The month a renewal pays for: `YYYY-MM` of the date it was due, in UTC. */
export function renewalPeriod(renewsAt: DateTime) {
  return renewsAt.toUTC().toFormat('yyyy-MM')
}

/**
 * Monthly number renewals from the wallet. Each number is charged at most once per period:
 * the number's row is locked while it is charged and `number_renewals` has one row per
 * (number, period), so repeated runs and parallel workers cannot charge twice. A wallet that
 * cannot pay gets one auto-recharge attempt, then the number enters the brand's grace period
 * (the user is mailed), is retried on later runs, and is released to quarantine once grace ends.
 */
export class RenewalService {
  #autoRecharge: AutoRechargeAttempt
  #notices: RenewalNotices

  constructor(options: { autoRecharge?: AutoRechargeAttempt; notices?: RenewalNotices } = {}) {
    this.#autoRecharge = options.autoRecharge ?? autoRechargeFromPayments
    this.#notices = options.notices ?? new RenewalNotices()
  }

  /** Renews every number due at `now`, in every brand (or only `tenantId`'s), one period each. */
  async runDue(now: DateTime = DateTime.utc(), options: { tenantId?: number; limit?: number } = {}): Promise<RenewalSummary> {
    const due = await acrossAllTenants('find numbers due for renewal', () => {
      const query = PhoneNumber.query()
        .whereIn('status', ['active', 'grace'])
        .whereNotNull('user_id')
        .where('renews_at', '<=', dbTime(now))
        .orderBy('renews_at', 'asc')
        .limit(options.limit ?? 1000)
      if (options.tenantId) query.where('tenant_id', options.tenantId)
      return query
    })
    const summary: RenewalSummary = { renewed: 0, failed: 0, inGrace: 0, quarantined: 0, errors: 0 }
    for (const number of due) {
      try {
        const tenant = await tenancy.resolver.snapshot(number.tenantId)
        if (!tenant) continue
        const outcome = await runForTenant(tenant, () => this.renew(tenant, number.id, now))
        if (outcome === 'renewed') summary.renewed++
        if (outcome === 'grace' || outcome === 'quarantined') summary.failed++
        if (outcome === 'grace') summary.inGrace++
        if (outcome === 'quarantined') summary.quarantined++
      } catch (error) {
        summary.errors++
        logger.error({ err: error, phoneNumberId: number.id }, 'number renewal failed')
      }
    }
    return summary
  }

  /** One number's renewal for the period it is due in; call inside the number's tenant. */
  async renew(tenant: TenantSnapshot, numberId: number, now: DateTime = DateTime.utc()): Promise<Outcome> {
    const first = await this.#charge(tenant, numberId, now)
    if (first.kind !== 'insufficient') return first.kind === 'charged' ? 'renewed' : 'skipped'
    if (await this.#tryAutoRecharge(first.wallet, first.neededMicros)) {
      const second = await this.#charge(tenant, numberId, now)
      if (second.kind !== 'insufficient') return second.kind === 'charged' ? 'renewed' : 'skipped'
    }
    return this.#unpaid(tenant, numberId, now)
  }

  /** Charges the period under the number's row lock; an unpaid attempt is recorded, not thrown. */
  #charge(tenant: TenantSnapshot, numberId: number, now: DateTime): Promise<Charge> {
    return db.transaction(async (trx) => {
      const number = await this.#lockDue(numberId, now, trx)
      if (!number) return { kind: 'skipped' }
      const period = renewalPeriod(number.renewsAt!)
      const renewal = await this.#renewalRow(number, period, trx)
      if (renewal.status === 'charged') return { kind: 'skipped' }
      renewal.attempts += 1
      const wallet = await walletService.forUser(number.userId!, tenant.config.pricing.currency, trx)
      try {
        renewal.ledgerEntryId = await this.#debit(number, period, wallet, trx)
      } catch (error) {
        if (!(error instanceof InsufficientFundsException)) throw error
        await renewal.merge({ status: 'failed', lastError: error.message }).useTransaction(trx).save()
        return { kind: 'insufficient', wallet, neededMicros: number.monthlyPriceMicros }
      }
      await renewal.merge({ status: 'charged', lastError: null }).useTransaction(trx).save()
      const renewsAt = number.renewsAt!.toUTC().plus({ months: 1 }).toLocal()
      await number.merge({ renewsAt, status: 'active', graceUntil: null }).useTransaction(trx).save()
      return { kind: 'charged' }
    })
  }

  /** The ledger entry id of the period's charge; a free number is renewed without one. */
  async #debit(number: PhoneNumber, period: string, wallet: Wallet, trx: TransactionClientContract) {
    if (number.monthlyPriceMicros <= 0) return null
    const entry = await walletService.debit(
      wallet.id,
      {
        amountMicros: number.monthlyPriceMicros,
        category: 'number_renewal',
        reference: { type: 'phone_number', id: number.id },
        costMicros: number.monthlyCostMicros,
        description: `Number ${number.e164}, renewal for ${period}`,
      },
      'debit',
      trx
    )
    return entry.id
  }

  /** The wallet could not pay: enter grace (and mail), or release the number once grace is over. */
  async #unpaid(tenant: TenantSnapshot, numberId: number, now: DateTime): Promise<Outcome> {
    const result = await db.transaction(async (trx) => {
      const number = await this.#lockDue(numberId, now, trx)
      if (!number) return { outcome: 'skipped' as const }
      const userId = number.userId!
      if (number.status !== 'grace') {
        const graceUntil = number.renewsAt!.plus({ days: tenant.config.limits.renewalGraceDays }).toLocal()
        await number.merge({ status: 'grace', graceUntil }).useTransaction(trx).save()
        return { outcome: 'grace' as const, number, userId }
      }
      if (number.graceUntil && now < number.graceUntil) return { outcome: 'grace' as const, number, userId, quiet: true }
      const quarantinedUntil = now.plus({ days: QUARANTINE_DAYS }).toLocal()
      await number.merge({ status: 'quarantined', quarantinedUntil, userId: null, isPrimary: false }).useTransaction(trx).save()
      return { outcome: 'quarantined' as const, number, userId }
    })
    if (result.outcome === 'grace' && !result.quiet) {
      await this.#notices.paymentFailed(tenant, result.number, result.userId, result.number.graceUntil!)
    } else if (result.outcome === 'quarantined') {
      await this.#notices.released(tenant, result.number, result.userId)
    }
    return result.outcome
  }

  /** The number, locked, when it still belongs to someone and is due at `now`; otherwise null. */
  async #lockDue(numberId: number, now: DateTime, trx: TransactionClientContract) {
    const number = await PhoneNumber.query({ client: trx }).where('id', numberId).forUpdate().first()
    const due = number?.userId && number.renewsAt && number.renewsAt <= now
    return due && (number.status === 'active' || number.status === 'grace') ? number : null
  }

  async #renewalRow(number: PhoneNumber, period: string, trx: TransactionClientContract) {
    const existing = await NumberRenewal.query({ client: trx }).where('phone_number_id', number.id).where('period', period).first()
    if (existing) return existing
    return NumberRenewal.create(
      { phoneNumberId: number.id, userId: number.userId, period, status: 'failed', attempts: 0, amountMicros: number.monthlyPriceMicros },
      { client: trx }
    )
  }

  async #tryAutoRecharge(wallet: Wallet, neededMicros: number) {
    try {
      return await this.#autoRecharge(wallet, neededMicros)
    } catch (error) {
      logger.warn({ err: error, walletId: wallet.id }, 'auto-recharge for a renewal failed')
      return false
    }
  }
}

const renewalService = new RenewalService()
export default renewalService
