import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Call, { type CallRoute, type CallStatus, type CallSwitch } from '#models/call'
import walletService from '#services/money/wallet_service'
import { HoldClosedException, InsufficientFundsException } from '#services/money/errors'
import rating, { NoRateError } from '#services/rating/rating_service'
import { dbTime } from '#services/db_time'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { CallEvent } from '#telephony/types'
import { CallRefusedError } from './errors.js'
import { publishCallChange } from './call_feed.js'

/** Talk time one hold covers; a longer call grows its hold by this much at a time. */
export const HOLD_CHUNK_SECONDS = 300
/** Ring time allowed for on top of the talk time before a hold may expire. */
const HOLD_SLACK_SECONDS = 180
/** Extend a live call's hold when this little of its covered time is left. */
export const EXTEND_AHEAD_SECONDS = 45

export interface OutboundCall {
  userId: number
  /** E.164 destination. */
  destination: string
  /** E.164 caller ID (already checked to be the user's). */
  callerId: string
  fromNumber: string
  phoneNumberId?: number | null
  deviceId?: number | null
  switch: CallSwitch
  route?: CallRoute
  uuid?: string
}

export interface InboundCall {
  userId: number
  phoneNumberId: number
  from: string
  to: string
  route: CallRoute
  forwardedTo?: string | null
  switch: CallSwitch
  uuid?: string
}

/**
 * The money side of calls: an outbound call opens with a wallet hold sized by what the user
 * can afford (at most HOLD_CHUNK_SECONDS), grows it while it runs, and settles the rated price
 * when it ends. Concurrent calls from one wallet each hold their share under the wallet's row
 * lock, so together they can never overdraw it. Switch events come in through `onEvent`.
 */
export class CallService {
  /**
   * Rates the destination, holds the first minutes and records the call as ringing, in one
   * transaction under the wallet's row lock: what the user can afford is read and held at once.
   */
  async openOutbound(tenant: TenantSnapshot, call: OutboundCall): Promise<{ call: Call; maxSeconds: number }> {
    const { currency } = tenant.config.pricing
    const minute = await this.#quote(tenant, call.destination, 60)
    const uuid = call.uuid ?? randomUUID()
    let maxSeconds = 0
    let covered = 0
    try {
      const opened = await db.transaction(async (trx) => {
        const hold = await walletService.holdSized(
          call.userId,
          async (availableMicros) => {
            maxSeconds = await rating.maxSecondsFor(tenant, { destination: digits(call.destination), availableMicros })
            if (maxSeconds <= 0) throw this.#noFunds()
            covered = Math.min(maxSeconds, HOLD_CHUNK_SECONDS)
            const quote = await this.#quote(tenant, call.destination, covered)
            return {
              amountMicros: quote.priceMicros,
              category: 'call',
              reference: { type: 'call', id: uuid },
              description: `Call to ${call.destination}`,
              ttlSeconds: covered + HOLD_SLACK_SECONDS,
            }
          },
          trx
        )
        return Call.create(
          {
            uuid,
            userId: call.userId,
            direction: 'outbound',
            status: 'ringing',
            fromNumber: call.fromNumber,
            toNumber: call.destination,
            callerId: call.callerId,
            phoneNumberId: call.phoneNumberId ?? null,
            deviceId: call.deviceId ?? null,
            route: call.route ?? 'pstn',
            switch: call.switch,
            walletId: hold.walletId,
            holdId: hold.id,
            coveredSeconds: covered,
            ratePrefix: minute.prefix,
            ratePerMinuteMicros: minute.ratePerMinuteMicros,
            currency,
            startedAt: DateTime.now(),
          },
          { client: trx }
        )
      })
      publishCallChange(opened)
      return { call: opened, maxSeconds }
    } catch (error) {
      if (error instanceof InsufficientFundsException) throw this.#noFunds()
      throw error
    }
  }

  /** Records an inbound call to a user's number; charged inbound minutes are settled at the end. */
  async openInbound(tenant: TenantSnapshot, call: InboundCall): Promise<Call> {
    const opened = await Call.create({
      uuid: call.uuid ?? randomUUID(),
      userId: call.userId,
      direction: 'inbound',
      status: 'ringing',
      fromNumber: call.from,
      toNumber: call.to,
      callerId: call.from.startsWith('+') ? call.from.slice(0, 16) : null,
      phoneNumberId: call.phoneNumberId,
      route: call.route,
      forwardedTo: call.forwardedTo ?? null,
      switch: call.switch,
      coveredSeconds: 0,
      currency: tenant.config.pricing.currency,
      startedAt: DateTime.now(),
    })
    publishCallChange(opened)
    return opened
  }

  /** A refused call still leaves a CDR line (status rejected) so users see what happened. */
  async recordRejected(call: Omit<InboundCall, 'route'> & { direction: 'inbound' | 'outbound'; sipCode: number; reason: string }) {
    const now = DateTime.now()
    return Call.create({
      uuid: call.uuid ?? randomUUID(),
      userId: call.userId,
      direction: call.direction,
      status: 'rejected',
      fromNumber: call.from,
      toNumber: call.to,
      phoneNumberId: call.phoneNumberId,
      route: 'reject',
      switch: call.switch,
      sipCode: call.sipCode,
      reason: call.reason.slice(0, 128),
      coveredSeconds: 0,
      startedAt: now,
      endedAt: now,
    })
  }

  /**
   * A switch event for a call, from any tenant: the call's uuid finds it. Events for calls we do
   * not know are logged and ignored; a repeated event changes nothing.
   */
  async onEvent(event: CallEvent): Promise<Call | null> {
    const found = await acrossAllTenants('switch event lookup', () => Call.findBy('uuid', event.callUuid))
    if (!found) {
      logger.warn({ callUuid: event.callUuid, type: event.type }, 'switch event for an unknown call ignored')
      return null
    }
    const tenant = await tenancy.resolver.snapshot(found.tenantId)
    if (!tenant) return null
    return runForTenant(tenant, () => this.#apply(tenant, found, event))
  }

  async #apply(tenant: TenantSnapshot, call: Call, event: CallEvent) {
    const at = DateTime.fromJSDate(event.at)
    if (event.type === 'ringing') {
      await this.#transition(call, ['ringing'], 'ringing', { switch_ref: event.switchRef })
    } else if (event.type === 'answered') {
      await this.#transition(call, ['ringing'], 'answered', { switch_ref: event.switchRef, answered_at: dbTime(at) })
    } else {
      const status = endStatus(event.cause, event.billSeconds, call.answeredAt !== null)
      const changed = await this.#transition(call, ['ringing', 'answered'], status, {
        switch_ref: event.switchRef,
        ended_at: dbTime(at),
        hangup_cause: event.cause.slice(0, 48),
        sip_code: event.sipCode,
        duration_seconds: Math.max(0, Math.round((at.toMillis() - call.startedAt.toMillis()) / 1000)),
      })
      if (changed) await this.#settle(tenant, call, event.billSeconds)
    }
    await call.refresh()
    publishCallChange(call)
    return call
  }

  /**
   * Moves a call from one of `from` to `to` with a guarded update: of two copies of one event,
   * only one wins, so a call is settled exactly once.
   */
  async #transition(call: Call, from: CallStatus[], to: CallStatus, columns: Record<string, unknown>) {
    const affected = await Call.query()
      .where('id', call.id)
      .whereIn('status', from)
      .update({ ...columns, status: to, updated_at: dbTime(DateTime.now()) })
    const count = Array.isArray(affected) ? Number(affected[0]) : Number(affected)
    return count > 0
  }

  /** Charges the rated price of the talk time against the call's hold; never below zero. */
  async #settle(tenant: TenantSnapshot, call: Call, billSeconds: number) {
    const seconds = Math.max(0, Math.round(billSeconds))
    const quote =
      seconds > 0 || call.direction === 'outbound'
        ? await this.#quote(tenant, call.toNumber, seconds, call.direction, call.answeredAt?.toJSDate())
        : null
    const charge = seconds > 0 && quote ? quote.priceMicros : 0
    let charged = 0
    let uncollected = 0
    if (call.holdId) {
      try {
        if (charge > 0) {
          const settled = await walletService.settle(call.holdId, { amountMicros: charge, costMicros: quote!.costMicros, description: `Call to ${call.toNumber}` })
          charged = settled.chargedMicros
          uncollected = settled.uncollectedMicros
        } else {
          await walletService.release(call.holdId)
        }
      } catch (error) {
        if (!(error instanceof HoldClosedException)) throw error
        logger.warn({ callUuid: call.uuid }, 'call ended after its hold was closed; charged nothing')
        uncollected = charge
      }
    }
    await Call.query()
      .where('id', call.id)
      .update({
        billable_seconds: seconds > 0 && quote ? quote.billableSeconds : 0,
        price_micros: charge,
        cost_micros: seconds > 0 && quote ? quote.costMicros : 0,
        charged_micros: charged,
        uncollected_micros: uncollected,
      })
  }

  /**
   * Keeps an answered call covered: when less than EXTEND_AHEAD_SECONDS of its held talk time
   * is left, the hold grows by another chunk. Returns false when the wallet cannot cover more:
   * the caller must then hang the call up before it runs past what is held.
   */
  async coverNext(call: Call, now = DateTime.now()): Promise<boolean> {
    if (call.status !== 'answered' || !call.holdId || !call.answeredAt) return true
    const elapsed = (now.toMillis() - call.answeredAt.toMillis()) / 1000
    if (call.coveredSeconds - elapsed > EXTEND_AHEAD_SECONDS) return true
    const tenant = await tenancy.resolver.snapshot(call.tenantId)
    if (!tenant) return false
    return runForTenant(tenant, () => this.#extend(tenant, call, elapsed))
  }

  async #extend(tenant: TenantSnapshot, call: Call, elapsed: number) {
    const next = call.coveredSeconds + HOLD_CHUNK_SECONDS
    const at = call.answeredAt!.toJSDate()
    const [now_, later] = await Promise.all([
      this.#quote(tenant, call.toNumber, call.coveredSeconds, 'outbound', at),
      this.#quote(tenant, call.toNumber, next, 'outbound', at),
    ])
    try {
      await walletService.extendHold(call.holdId!, Math.max(1, later.priceMicros - now_.priceMicros), next - elapsed + HOLD_SLACK_SECONDS)
    } catch (error) {
      if (error instanceof InsufficientFundsException || error instanceof HoldClosedException) return false
      throw error
    }
    call.coveredSeconds = next
    await call.save()
    return true
  }

  /** Answered calls whose covered time is running out, across all brands (for the guard job). */
  dueForCover(now = DateTime.now()) {
    return acrossAllTenants('call hold guard', () =>
      Call.query()
        .where('status', 'answered')
        .whereNotNull('hold_id')
        .where('answered_at', '<=', dbTime(now.minus({ seconds: HOLD_CHUNK_SECONDS - EXTEND_AHEAD_SECONDS })))
        .orderBy('id')
        .limit(500)
    )
  }

  async #quote(tenant: TenantSnapshot, destination: string, seconds: number, direction: 'outbound' | 'inbound' = 'outbound', at?: Date) {
    try {
      return await rating.quoteCall(tenant, { destination: digits(destination), seconds, direction, at })
    } catch (error) {
      if (error instanceof NoRateError) {
        throw new CallRefusedError('NO_RATE', 404, `No rate for ${destination}`, { status: 422, field: 'destination' })
      }
      throw error
    }
  }

  #noFunds() {
    return new CallRefusedError('INSUFFICIENT_FUNDS', 402, 'Insufficient funds', { status: 402 })
  }
}

const digits = (e164: string) => e164.replace(/^\+/, '')

/** How a call that ended is filed: answered calls complete; others by their hangup cause. */
function endStatus(cause: string, billSeconds: number, answered: boolean): CallStatus {
  if (answered || billSeconds > 0) return 'completed'
  if (cause === 'USER_BUSY') return 'busy'
  if (cause === 'NO_ANSWER' || cause === 'NO_USER_RESPONSE' || cause === 'ALLOTTED_TIMEOUT') return 'no_answer'
  if (cause === 'ORIGINATOR_CANCEL') return 'cancelled'
  return 'failed'
}

const callService = new CallService()
export default callService
