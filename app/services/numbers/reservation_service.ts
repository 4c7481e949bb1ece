import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import NumberReservation from '#models/number_reservation'
import PhoneNumber from '#models/phone_number'
import type { NumberQuote } from '#services/rating/rating_service'
import { dbTime } from '#services/db_time'
import type { TelephonyConfig } from '#config/telephony'
import type { AvailableNumber } from '#telephony/types'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { NumberException, numberUnavailable } from './errors.js'
import { offerFor, requirePrice } from './number_offers.js'
import { withDeadlockRetry } from './deadlock_retry.js'

/** A purchase claim older than this is from a request that died; another may take over. */
export const PURCHASE_CLAIM_SECONDS = 300

/** Two inserts of one E.164 at once: MySQL answers the second with a duplicate key, SQLite with a constraint error. */
export function isDuplicateKey(error: any) {
  return error?.errno === 1062 || String(error?.code ?? '').startsWith('SQLITE_CONSTRAINT')
}

/**
 * Reservations hold a number for one user for a few minutes (config telephony.numbers) between
 * search and purchase. The table's unique E.164 key decides every race: of two users (of any
 * brands) reserving one number, exactly one gets it. An expired reservation is replaced; the
 * holder reserving again extends theirs.
 */
export class ReservationService {
  /** Reserves a number the brand sells and has a price for; 409 when someone else holds it. */
  async reserve(tenant: TenantSnapshot, userId: number, e164: string): Promise<{ reservation: NumberReservation; offer: AvailableNumber; quote: NumberQuote }> {
    const offer = await runForTenant(tenant, () => offerFor(tenant, e164))
    const quote = await requirePrice(tenant, offer)
    const expiresAt = DateTime.now().plus({ minutes: app.config.get<TelephonyConfig>('telephony').numbers.reservationMinutes })
    const reservation = await withDeadlockRetry(() => acrossAllTenants('E.164 numbers are unique across brands', () => this.#claim(tenant, userId, offer, expiresAt)))
    return { reservation, offer, quote }
  }

  /**
   * Takes the number for the user with single statements and no locking reads (a locking read of
   * a row that does not exist yet would lock a whole index gap): insert; on a duplicate, extend
   * the user's own reservation or take over an expired one with a guarded update. A number sold
   * meanwhile (its purchase deletes its reservation when it records the sale) is checked after.
   */
  async #claim(tenant: TenantSnapshot, userId: number, offer: AvailableNumber, expiresAt: DateTime) {
    const e164 = offer.e164
    if (await PhoneNumber.query().where('e164', e164).first()) throw numberUnavailable(e164)
    const columns = { tenantId: tenant.id, userId, e164, country: offer.country, type: offer.type, provider: offer.provider, offer: { ...offer }, expiresAt }
    let reservation: NumberReservation
    try {
      reservation = await NumberReservation.create(columns)
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      reservation = await this.#takeOver(columns)
    }
    if (await PhoneNumber.query().where('e164', e164).first()) {
      await NumberReservation.query().where('id', reservation.id).delete()
      throw numberUnavailable(e164)
    }
    return reservation
  }

  /** The number is reserved already: the holder extends theirs; anyone may take an expired one over; else 409. */
  async #takeOver(columns: { tenantId: number; userId: number; e164: string; country: string; type: string; provider: string; offer: Record<string, unknown>; expiresAt: DateTime }) {
    const now = DateTime.now()
    const mine = await NumberReservation.query().where('e164', columns.e164).where('tenant_id', columns.tenantId).where('user_id', columns.userId).update({ expires_at: dbTime(columns.expiresAt) })
    const taken =
      affected(mine) ||
      affected(
        await NumberReservation.query()
          .where('e164', columns.e164)
          .where('expires_at', '<=', dbTime(now))
          .update({
            tenant_id: columns.tenantId,
            user_id: columns.userId,
            country: columns.country,
            type: columns.type,
            provider: columns.provider,
            offer: JSON.stringify(columns.offer),
            expires_at: dbTime(columns.expiresAt),
            created_at: dbTime(now),
            purchase_started_at: null,
          })
      )
    if (!taken) throw numberUnavailable(columns.e164)
    return NumberReservation.query().where('e164', columns.e164).firstOrFail()
  }

  /** Gives up the user's own reservation; anyone else's (or another brand's) is a 404. */
  async cancel(tenant: TenantSnapshot, userId: number, reservationId: number) {
    const deleted = await runForTenant(tenant, () => NumberReservation.query().where('id', reservationId).where('user_id', userId).delete())
    if (!affected(deleted)) throw new NumberException('No such reservation', { status: 404, code: 'NOT_FOUND' })
  }

  /** The user's live reservations, newest first. */
  mine(tenant: TenantSnapshot, userId: number) {
    return runForTenant(tenant, () =>
      NumberReservation.query().where('user_id', userId).where('expires_at', '>', dbTime(DateTime.now())).orderBy('id', 'desc')
    )
  }

  /** Marks a reservation as being bought; false when another request of the user is buying it now. */
  async claimForPurchase(tenant: TenantSnapshot, reservation: NumberReservation) {
    const now = DateTime.now()
    const updated = await runForTenant(tenant, () =>
      NumberReservation.query()
        .where('id', reservation.id)
        .where((query) => query.whereNull('purchase_started_at').orWhere('purchase_started_at', '<', dbTime(now.minus({ seconds: PURCHASE_CLAIM_SECONDS }))))
        .update({ purchase_started_at: dbTime(now) })
    )
    return affected(updated) === 1
  }

  /** The purchase stopped before ordering (no funds): the user keeps the reservation. */
  unclaim(tenant: TenantSnapshot, reservation: NumberReservation) {
    return runForTenant(tenant, () => NumberReservation.query().where('id', reservation.id).update({ purchase_started_at: null }))
  }

  /** The purchase failed at the provider: the number is not held for anyone any more. */
  remove(tenant: TenantSnapshot, reservation: NumberReservation) {
    return runForTenant(tenant, () => NumberReservation.query().where('id', reservation.id).delete())
  }

  /** Deletes reservations past their time in every brand (not those a live purchase holds); returns how many. */
  async sweepExpired(now = DateTime.now()) {
    const deleted = await acrossAllTenants('sweep expired number reservations', () =>
      NumberReservation.query()
        .where('expires_at', '<=', dbTime(now))
        .where((query) => query.whereNull('purchase_started_at').orWhere('purchase_started_at', '<', dbTime(now.minus({ seconds: PURCHASE_CLAIM_SECONDS }))))
        .delete()
    )
    return affected(deleted)
  }
}

/** Rows an update or delete touched, as MySQL and SQLite report it. */
export function affected(result: unknown) {
  return Array.isArray(result) ? Number(result[0]) : Number(result)
}

const reservations = new ReservationService()
export default reservations
