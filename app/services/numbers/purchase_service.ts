import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import PhoneNumber from '#models/phone_number'
import NumberReservation from '#models/number_reservation'
import Wallet from '#models/wallet'
import WalletHold from '#models/wallet_hold'
import walletService from '#services/money/wallet_service'
import { HoldClosedException, InsufficientFundsException } from '#services/money/errors'
import type { NumberQuote } from '#services/rating/rating_service'
import numberProviders from '#telephony/numbers/manager'
import { NumberUnavailableError, type AvailableNumber, type NumberProvider, type OrderedNumber } from '#telephony/types'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { NumberException, numberLimitReached, numberUnavailable } from './errors.js'
import reservations, { isDuplicateKey } from './reservation_service.js'
import { withDeadlockRetry } from './deadlock_retry.js'
import { HELD_STATUSES, heldCount, numberLimitOf } from './number_limits.js'

/** Long enough for any provider round trip; the hold sweeper frees it if the process dies. */
const HOLD_SECONDS = 900

interface Purchase {
  tenant: TenantSnapshot
  userId: number
  walletId: number
  offer: AvailableNumber
  quote: NumberQuote
  reservation: NumberReservation
  hold: WalletHold | null
}

/**
 * Buying a number: reserve it (the reservation's unique key settles races between buyers),
 * hold setup plus the first month on the wallet, order it from the provider, then record it
 * and charge the hold. Whatever fails first undoes what came before it: no funds means
 * nothing is ordered, a provider refusal releases the hold, so a failed purchase costs nothing.
 */
export class PurchaseService {
  /** Buys one number for the user at the brand's price; returns the new phone_numbers row. */
  async purchase(tenant: TenantSnapshot, userId: number, e164: string): Promise<PhoneNumber> {
    const limit = numberLimitOf(tenant)
    if ((await heldCount(tenant, userId)) >= limit) throw numberLimitReached(limit)
    const { reservation, offer, quote } = await reservations.reserve(tenant, userId, e164)
    const provider = await numberProviders.use(reservation.provider)
    if (!(await reservations.claimForPurchase(tenant, reservation))) {
      throw new NumberException(`${e164} is already being bought by another of your requests`, { status: 409, code: 'PURCHASE_IN_PROGRESS', field: 'e164' })
    }
    const wallet = await runForTenant(tenant, () => walletService.forUser(userId, tenant.config.pricing.currency)).catch(async (error) => {
      await reservations.unclaim(tenant, reservation)
      throw error
    })
    const hold = await this.#hold(tenant, wallet.id, reservation, quote)
    const purchase: Purchase = { tenant, userId, walletId: wallet.id, offer, quote, reservation, hold }
    let ordered: OrderedNumber
    try {
      ordered = await provider.order(e164)
    } catch (error) {
      await this.#abandon(purchase)
      if (error instanceof NumberUnavailableError) throw numberUnavailable(e164, 'the provider no longer has it; nothing was charged')
      logger.warn({ err: error, e164, provider: provider.name }, 'number order failed')
      throw error
    }
    const number = await withDeadlockRetry(() => this.#record(purchase, provider, ordered)).catch(async (error) => {
      await this.#abandon(purchase)
      /** Someone else's row holds the number: it is theirs at the provider too, so it is not given back. */
      if (isDuplicateKey(error)) throw numberUnavailable(e164)
      await this.#giveBack(provider, ordered)
      throw error
    })
    await this.#charge(purchase, number).catch(async (error) => {
      await runForTenant(tenant, () => PhoneNumber.query().where('id', number.id).delete())
      await this.#abandon(purchase)
      await this.#giveBack(provider, ordered)
      throw error
    })
    return number
  }

  /** Holds setup plus the first month; a wallet that cannot cover it keeps its reservation and orders nothing. */
  async #hold(tenant: TenantSnapshot, walletId: number, reservation: NumberReservation, quote: NumberQuote) {
    const total = quote.setupPriceMicros + quote.monthlyPriceMicros
    if (total <= 0) return null
    try {
      return await runForTenant(tenant, () =>
        walletService.hold(walletId, {
          amountMicros: total,
          category: 'number_purchase',
          reference: { type: 'number_reservation', id: reservation.id },
          description: `Number ${reservation.e164}: setup and first month`,
          ttlSeconds: HOLD_SECONDS,
        })
      )
    } catch (error) {
      await reservations.unclaim(tenant, reservation)
      if (error instanceof InsufficientFundsException) throw new InsufficientFundsException(error.neededMicros, error.availableMicros)
      throw error
    }
  }

  /**
   * The number becomes the user's (their primary when they have none), checked against the limit
   * under the lock of the user's wallet row: one user's purchases (and holds) take turns there.
   */
  #record({ tenant, userId, walletId, offer, quote, reservation }: Purchase, provider: NumberProvider, ordered: OrderedNumber) {
    const limit = numberLimitOf(tenant)
    return runForTenant(tenant, () =>
      db.transaction(async (trx) => {
        await Wallet.query({ client: trx }).where('id', walletId).forUpdate().firstOrFail()
        const held = await PhoneNumber.query({ client: trx }).where('user_id', userId).whereIn('status', HELD_STATUSES)
        if (held.length >= limit) throw numberLimitReached(limit)
        /** Whole seconds, as the columns store them, so what is returned is what is read back later. */
        const now = DateTime.now().startOf('second')
        const number = await PhoneNumber.create(
          {
            userId,
            e164: ordered.e164,
            country: offer.country,
            type: offer.type,
            status: 'active',
            isPrimary: !held.some((row) => row.isPrimary),
            monthlyPriceMicros: quote.monthlyPriceMicros,
            monthlyCostMicros: quote.monthlyCostMicros,
            setupPriceMicros: quote.setupPriceMicros,
            provider: provider.name,
            providerRef: ordered.providerRef,
            region: offer.region,
            locality: offer.locality,
            voiceEnabled: offer.capabilities.voice,
            smsEnabled: offer.capabilities.sms,
            mmsEnabled: offer.capabilities.mms,
            purchasedAt: now,
            renewsAt: now.plus({ months: 1 }),
          },
          { client: trx }
        )
        await NumberReservation.query({ client: trx }).where('id', reservation.id).delete()
        return number
      })
    )
  }

  /** Charges the held amount, on the ledger against the new number with its wholesale cost. */
  async #charge({ tenant, quote, hold }: Purchase, number: PhoneNumber) {
    if (!hold) return
    await runForTenant(tenant, async () => {
      await WalletHold.query().where('id', hold.id).where('status', 'open').update({ reference_type: 'phone_number', reference_id: String(number.id) })
      await walletService.settle(hold.id, {
        amountMicros: quote.setupPriceMicros + quote.monthlyPriceMicros,
        costMicros: quote.setupCostMicros + quote.monthlyCostMicros,
        description: `Number ${number.e164}: setup and first month`,
      })
    })
  }

  /** Frees the hold and the reservation of a purchase that will not happen. */
  async #abandon({ tenant, hold, reservation }: Purchase) {
    if (hold) {
      await runForTenant(tenant, () => walletService.release(hold.id)).catch((error) => {
        if (!(error instanceof HoldClosedException)) throw error
      })
    }
    await reservations.remove(tenant, reservation)
  }

  /** A number ordered but not kept goes straight back; if the provider is down, say so loudly. */
  async #giveBack(provider: NumberProvider, ordered: OrderedNumber) {
    try {
      await provider.release(ordered)
    } catch (error) {
      logger.error({ err: error, e164: ordered.e164, provider: provider.name }, 'an ordered number could not be given back; release it by hand')
    }
  }
}

const purchases = new PurchaseService()
export default purchases
