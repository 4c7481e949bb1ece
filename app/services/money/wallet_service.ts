import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Wallet from '#models/wallet'
import WalletHold from '#models/wallet_hold'
import LedgerEntry, { type LedgerCategory, type LedgerKind } from '#models/ledger_entry'
import { currentTenant } from '#tenants/context'
import { HoldClosedException, InsufficientFundsException, invalidAmount } from '#services/money/errors'
import { errors as lucidErrors } from '@adonisjs/lucid'
import { dbTime } from '#services/db_time'

/** What caused a money movement: kept on the ledger entry so every line can be explained. */
export interface Reference {
  type: string
  id: string | number
}

export interface Movement {
  amountMicros: number
  category: LedgerCategory
  reference?: Reference | null
  description?: string | null
  /** The platform's wholesale cost of what is charged (debits only), for margin reports. */
  costMicros?: number | null
  /** The staff member who moved money by hand. */
  actorId?: number | null
}

export interface HoldRequest {
  amountMicros: number
  category: LedgerCategory
  reference?: Reference | null
  description?: string | null
  /** How long the hold may stay open before the sweeper releases it. Default one hour. */
  ttlSeconds?: number
}

/** Larger than any real wallet movement (one million currency units); refuses typos and attacks. */
export const MAX_MOVEMENT_MICROS = 1_000_000 * 1_000_000

type Trx = TransactionClientContract
type AutoRechargeHook = (wallet: Wallet) => void

/**
 * The only code that changes a wallet. Each movement locks the wallet row, checks what is
 * available, writes one or more ledger entries and the new balance in the same transaction.
 * Available = balance - open holds + credit limit, and nothing may take it below zero.
 */
export class WalletService {
  #autoRechargeHooks: AutoRechargeHook[] = []

  /** The user's wallet in the brand's currency, created empty on first use. */
  async forUser(userId: number, currency: string, client?: Trx): Promise<Wallet> {
    const existing = await Wallet.query({ client }).where('user_id', userId).first()
    if (existing) return existing
    try {
      const wallet = await Wallet.create(
        {
          userId,
          currency,
          balanceMicros: 0,
          heldMicros: 0,
          creditLimitMicros: 0,
          autoRechargeEnabled: false,
          autoRechargeThresholdMicros: 0,
          autoRechargeAmountMicros: 0,
          autoRechargeFailures: 0,
          autoRechargeDueAt: null,
        },
        { client }
      )
      return wallet
    } catch (error) {
      const again = await Wallet.query({ client }).where('user_id', userId).first()
      if (again) return again
      throw error
    }
  }

  /** Adds money: a recharge, a refund into the wallet or a positive adjustment. */
  credit(walletId: number, movement: Movement, kind: LedgerKind = 'credit', client?: Trx) {
    this.#checkAmount(movement.amountMicros)
    return this.#locked(walletId, client, async (wallet, trx) => {
      wallet.balanceMicros += movement.amountMicros
      return this.#write(wallet, trx, kind, movement, movement.amountMicros, 0)
    })
  }

  /** Takes money now, or throws InsufficientFundsException and changes nothing. */
  debit(walletId: number, movement: Movement, kind: LedgerKind = 'debit', client?: Trx) {
    this.#checkAmount(movement.amountMicros)
    return this.#locked(walletId, client, async (wallet, trx) => {
      this.#ensureAvailable(wallet, movement.amountMicros)
      wallet.balanceMicros -= movement.amountMicros
      return this.#write(wallet, trx, kind, movement, -movement.amountMicros, 0)
    })
  }

  /** A staff correction with a reason; a negative one may not overdraw either. */
  adjust(walletId: number, amountMicros: number, reason: string, actorId: number | null) {
    if (!Number.isSafeInteger(amountMicros) || amountMicros === 0 || Math.abs(amountMicros) > MAX_MOVEMENT_MICROS) {
      throw invalidAmount('amount', 'The adjustment must be a non-zero amount within limits')
    }
    const movement: Movement = { amountMicros: Math.abs(amountMicros), category: 'adjustment', description: reason, actorId }
    return amountMicros > 0
      ? this.credit(walletId, movement, 'adjustment')
      : this.debit(walletId, movement, 'adjustment')
  }

  /** Reserves funds for work in progress; the hold is settled or released later. */
  hold(walletId: number, request: HoldRequest, client?: Trx) {
    this.#checkAmount(request.amountMicros)
    return this.#locked(walletId, client, (wallet, trx) => this.#openHold(wallet, trx, request))
  }

  /**
   * Locks the user's wallet and holds what `size` decides from its available amount, in one
   * transaction: for work whose size depends on what the user can afford (a call's first
   * minutes). `size` may throw to refuse; a user without a wallet has nothing to hold.
   */
  async holdSized(userId: number, size: (availableMicros: number) => Promise<HoldRequest> | HoldRequest, client: Trx) {
    return this.#locked({ userId }, client, async (wallet, trx) => {
      const request = await size(wallet.availableMicros)
      this.#checkAmount(request.amountMicros)
      return this.#openHold(wallet, trx, request)
    })
  }

  /**
   * Holds many amounts on one user's wallet in one locked pass (a batch of messages): all of them
   * or, when the wallet cannot cover their sum, none (InsufficientFundsException). Rows are
   * written with multi-row inserts; the holds come back in the order of `requests`. Every
   * request needs a distinct reference, which is how the new holds are found again.
   */
  async holdMany(userId: number, requests: HoldRequest[], client: Trx) {
    if (!requests.length) return []
    for (const request of requests) this.#checkAmount(request.amountMicros)
    return this.#locked({ userId }, client, async (wallet, trx) => {
      const total = requests.reduce((sum, request) => sum + request.amountMicros, 0)
      this.#ensureAvailable(wallet, total)
      const now = DateTime.now()
      const stamp = dbTime(now)
      const tenantId = wallet.tenantId
      const refs = requests.map((request) => {
        if (!request.reference) throw new Error('holdMany needs a reference on every request')
        return String(request.reference.id)
      })
      for (const chunk of chunks(requests, 500)) {
        await trx.table('wallet_holds').multiInsert(
          chunk.map((request) => ({
            tenant_id: tenantId,
            wallet_id: wallet.id,
            amount_micros: request.amountMicros,
            status: 'open',
            category: request.category,
            reference_type: request.reference!.type,
            reference_id: String(request.reference!.id),
            description: request.description?.slice(0, 255) ?? null,
            expires_at: dbTime(now.plus({ seconds: request.ttlSeconds ?? 3600 })),
            created_at: stamp,
            updated_at: stamp,
          }))
        )
      }
      const holds = new Map<string, WalletHold>()
      for (const chunk of chunks(refs, 500)) {
        const rows = await WalletHold.query({ client: trx }).where('wallet_id', wallet.id).where('status', 'open').whereIn('reference_id', chunk)
        for (const hold of rows) holds.set(hold.referenceId!, hold)
      }
      const entries = requests.map((request, index) => {
        wallet.heldMicros += request.amountMicros
        return this.#entryRow(wallet, 'hold', request, 0, request.amountMicros, holds.get(refs[index])!.id, stamp)
      })
      for (const chunk of chunks(entries, 500)) await trx.table('ledger_entries').multiInsert(chunk)
      return refs.map((ref) => holds.get(ref)!)
    })
  }

  /**
   * Settles many holds of one user's wallet in one locked pass (messages a carrier accepted), each at
   * its own amount, never below zero. Holds already closed are skipped and not returned. With
   * `client`, inside the caller's transaction (the outbox records the messages sent in the same one).
   */
  async settleMany(userId: number, items: Array<{ holdId: number; amountMicros: number; costMicros?: number | null }>, client?: Trx) {
    if (!items.length) return new Map<number, number>()
    return this.#locked({ userId }, client, async (wallet, trx) => {
      const open = await WalletHold.query({ client: trx })
        .where('wallet_id', wallet.id)
        .whereIn('id', items.map((item) => item.holdId))
        .where('status', 'open')
        .forUpdate()
      const byId = new Map(open.map((hold) => [hold.id, hold]))
      const stamp = dbTime(DateTime.now())
      const charged = new Map<number, number>()
      const entries: Record<string, unknown>[] = []
      const bySettled = new Map<number, number[]>()
      for (const item of items) {
        const hold = byId.get(item.holdId)
        if (!hold) continue
        byId.delete(item.holdId)
        const movement: Movement = { amountMicros: hold.amountMicros, category: hold.category as LedgerCategory, reference: this.#ref(hold), description: hold.description }
        wallet.heldMicros -= hold.amountMicros
        entries.push(this.#entryRow(wallet, 'release', movement, 0, -hold.amountMicros, hold.id, stamp))
        const amount = Math.min(item.amountMicros, Math.max(0, wallet.availableMicros))
        if (amount > 0) {
          wallet.balanceMicros -= amount
          entries.push(this.#entryRow(wallet, 'debit', { ...movement, amountMicros: amount, costMicros: item.costMicros ?? null }, -amount, 0, hold.id, stamp))
        }
        charged.set(hold.id, amount)
        bySettled.set(amount, [...(bySettled.get(amount) ?? []), hold.id])
      }
      for (const [amount, ids] of bySettled) {
        await trx.from('wallet_holds').whereIn('id', ids).update({ status: 'settled', settled_micros: amount, closed_at: stamp, updated_at: stamp })
      }
      for (const chunk of chunks(entries, 500)) await trx.table('ledger_entries').multiInsert(chunk)
      return charged
    })
  }

  async #openHold(wallet: Wallet, trx: Trx, request: HoldRequest) {
    this.#ensureAvailable(wallet, request.amountMicros)
    const hold = await WalletHold.create(
      {
        tenantId: wallet.tenantId,
        walletId: wallet.id,
        amountMicros: request.amountMicros,
        status: 'open',
        category: request.category,
        referenceType: request.reference?.type ?? null,
        referenceId: request.reference ? String(request.reference.id) : null,
        description: request.description ?? null,
        expiresAt: DateTime.now().plus({ seconds: request.ttlSeconds ?? 3600 }),
      },
      { client: trx }
    )
    wallet.heldMicros += request.amountMicros
    await this.#write(wallet, trx, 'hold', request, 0, request.amountMicros, hold.id)
    return hold
  }

  /**
   * Grows an open hold (a call that keeps going); throws when the wallet cannot cover more.
   * `ttlSeconds` moves its expiry to that far from now, so the sweeper leaves a live call alone.
   */
  extendHold(holdId: number, extraMicros: number, ttlSeconds?: number) {
    this.#checkAmount(extraMicros)
    return this.#lockedHold(holdId, async (hold, wallet, trx) => {
      this.#ensureAvailable(wallet, extraMicros)
      hold.amountMicros += extraMicros
      if (ttlSeconds) hold.expiresAt = DateTime.now().plus({ seconds: ttlSeconds })
      await hold.useTransaction(trx).save()
      wallet.heldMicros += extraMicros
      const movement: Movement = { amountMicros: extraMicros, category: hold.category as LedgerCategory, reference: this.#ref(hold), description: hold.description }
      await this.#write(wallet, trx, 'hold', movement, 0, extraMicros, hold.id)
      return hold
    })
  }

  /**
   * Charges the real cost of held work and frees the rest. The charge never takes the wallet
   * below zero: what the wallet cannot cover is returned as `uncollectedMicros`.
   */
  settle(holdId: number, actual: { amountMicros: number; costMicros?: number | null; description?: string | null }) {
    if (!Number.isSafeInteger(actual.amountMicros) || actual.amountMicros < 0 || actual.amountMicros > MAX_MOVEMENT_MICROS) {
      throw invalidAmount('amount', 'The settled amount must be a whole, non-negative number of micro-units')
    }
    return this.#lockedHold(holdId, async (hold, wallet, trx) => {
      await this.#close(hold, wallet, trx, 'settled')
      const charged = Math.min(actual.amountMicros, Math.max(0, wallet.availableMicros))
      hold.settledMicros = charged
      await hold.useTransaction(trx).save()
      let entry: LedgerEntry | null = null
      if (charged > 0) {
        wallet.balanceMicros -= charged
        const movement: Movement = {
          amountMicros: charged,
          category: hold.category as LedgerCategory,
          reference: this.#ref(hold),
          description: actual.description ?? hold.description,
          costMicros: actual.costMicros ?? null,
        }
        entry = await this.#write(wallet, trx, 'debit', movement, -charged, 0, hold.id)
      }
      return { hold, entry, chargedMicros: charged, uncollectedMicros: actual.amountMicros - charged }
    })
  }

  /** Frees a hold entirely: the work was cancelled or failed. */
  release(holdId: number, status: 'released' | 'expired' = 'released') {
    return this.#lockedHold(holdId, async (hold, wallet, trx) => {
      await this.#close(hold, wallet, trx, status)
      return hold
    })
  }

  /** Registers work to run when a wallet falls below its auto-recharge threshold. */
  onAutoRechargeDue(hook: AutoRechargeHook) {
    this.#autoRechargeHooks.push(hook)
  }

  #ref(hold: WalletHold): Reference | null {
    return hold.referenceType ? { type: hold.referenceType, id: hold.referenceId! } : null
  }

  async #close(hold: WalletHold, wallet: Wallet, trx: Trx, status: 'settled' | 'released' | 'expired') {
    if (hold.status !== 'open') throw new HoldClosedException(hold.id, hold.status)
    hold.status = status
    hold.closedAt = DateTime.now()
    await hold.useTransaction(trx).save()
    wallet.heldMicros -= hold.amountMicros
    const movement: Movement = { amountMicros: hold.amountMicros, category: hold.category as LedgerCategory, reference: this.#ref(hold), description: hold.description }
    await this.#write(wallet, trx, 'release', movement, 0, -hold.amountMicros, hold.id)
  }

  #checkAmount(amountMicros: number) {
    if (!Number.isSafeInteger(amountMicros) || amountMicros <= 0 || amountMicros > MAX_MOVEMENT_MICROS) {
      throw invalidAmount('amount', 'The amount must be a positive whole number of micro-units within limits')
    }
  }

  #ensureAvailable(wallet: Wallet, amountMicros: number) {
    if (amountMicros > wallet.availableMicros) {
      throw new InsufficientFundsException(amountMicros, Math.max(0, wallet.availableMicros), 'amount')
    }
  }

  /** Runs `work` with the wallet row locked, in the caller's transaction or a new one. */
  async #locked<T>(which: number | { userId: number }, client: Trx | undefined, work: (wallet: Wallet, trx: Trx) => Promise<T>) {
    const run = async (trx: Trx) => {
      const query = Wallet.query({ client: trx }).forUpdate()
      if (typeof which === 'number') query.where('id', which)
      else query.where('user_id', which.userId)
      const wallet = await query.first()
      if (!wallet) {
        if (typeof which === 'number') throw new lucidErrors.E_ROW_NOT_FOUND(Wallet)
        throw new InsufficientFundsException(1, 0, 'amount')
      }
      const before = wallet.availableMicros
      const result = await work(wallet, trx)
      await wallet.useTransaction(trx).save()
      if (this.#crossedThreshold(wallet, before)) await this.#markAutoRechargeDue(wallet, trx)
      return result
    }
    return client ? run(client) : db.transaction(run)
  }

  /** Like #locked, for a hold: the wallet is locked first, then the hold is read under it. */
  async #lockedHold<T>(holdId: number, work: (hold: WalletHold, wallet: Wallet, trx: Trx) => Promise<T>) {
    const { walletId } = await WalletHold.query().where('id', holdId).select('wallet_id').firstOrFail()
    return this.#locked(walletId, undefined, async (wallet, trx) => {
      const hold = await WalletHold.query({ client: trx }).where('id', holdId).forUpdate().firstOrFail()
      return work(hold, wallet, trx)
    })
  }

  #crossedThreshold(wallet: Wallet, availableBefore: number) {
    return (
      wallet.autoRechargeEnabled &&
      wallet.autoRechargeDueAt === null &&
      wallet.availableMicros < wallet.autoRechargeThresholdMicros &&
      wallet.availableMicros < availableBefore
    )
  }

  async #markAutoRechargeDue(wallet: Wallet, trx: Trx) {
    wallet.autoRechargeDueAt = DateTime.now()
    await wallet.useTransaction(trx).save()
    trx.after('commit', () => {
      for (const hook of this.#autoRechargeHooks) hook(wallet)
    })
  }

  /** A ledger row for a multi-row insert; the same columns #write fills. */
  #entryRow(wallet: Wallet, kind: LedgerKind, movement: Movement, balanceDelta: number, heldDelta: number, holdId: number, stamp: string) {
    return {
      tenant_id: wallet.tenantId,
      wallet_id: wallet.id,
      user_id: wallet.userId,
      kind,
      category: movement.category,
      amount_micros: balanceDelta,
      held_delta_micros: heldDelta,
      balance_after_micros: wallet.balanceMicros,
      held_after_micros: wallet.heldMicros,
      cost_micros: movement.costMicros ?? null,
      currency: wallet.currency,
      hold_id: holdId,
      reference_type: movement.reference?.type ?? null,
      reference_id: movement.reference ? String(movement.reference.id) : null,
      description: movement.description?.slice(0, 255) ?? null,
      actor_id: null,
      created_at: stamp,
    }
  }

  async #write(
    wallet: Wallet,
    trx: Trx,
    kind: LedgerKind,
    movement: Movement,
    balanceDelta: number,
    heldDelta: number,
    holdId: number | null = null
  ) {
    return LedgerEntry.create(
      {
        tenantId: wallet.tenantId ?? currentTenant()?.id,
        walletId: wallet.id,
        userId: wallet.userId,
        kind,
        category: movement.category,
        amountMicros: balanceDelta,
        heldDeltaMicros: heldDelta,
        balanceAfterMicros: wallet.balanceMicros,
        heldAfterMicros: wallet.heldMicros,
        costMicros: movement.costMicros ?? null,
        currency: wallet.currency,
        holdId,
        referenceType: movement.reference?.type ?? null,
        referenceId: movement.reference ? String(movement.reference.id) : null,
        description: movement.description?.slice(0, 255) ?? null,
        actorId: movement.actorId ?? null,
      },
      { client: trx }
    )
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size))
  return out
}

const walletService = new WalletService()
export default walletService
