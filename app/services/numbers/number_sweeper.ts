import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import PhoneNumber from '#models/phone_number'
import { dbTime } from '#services/db_time'
import numberProviders from '#telephony/numbers/manager'
import { acrossAllTenants } from '#tenants/context'
import reservations from './reservation_service.js'

/** Numbers handed back per pass; the next pass takes the rest. */
const BATCH = 200

/** Expired reservations go, so the numbers are offered again; returns how many. */
export function sweepExpiredReservations(now = DateTime.now()) {
  return reservations.sweepExpired(now)
}

/**
 * Numbers whose quarantine is over go back to their provider and their row is deleted, so the
 * number can be sold again (to any brand). A provider that fails is tried again next pass.
 */
export async function releaseQuarantinedNumbers(now = DateTime.now()) {
  const due = await acrossAllTenants('numbers leaving quarantine', () =>
    PhoneNumber.query().where('status', 'quarantined').whereNull('user_id').where('quarantined_until', '<=', dbTime(now)).orderBy('id').limit(BATCH)
  )
  let released = 0
  for (const number of due) {
    try {
      const provider = await numberProviders.use(number.provider)
      await provider.release({ e164: number.e164, providerRef: number.providerRef ?? number.e164 })
      await acrossAllTenants('numbers leaving quarantine', () => PhoneNumber.query().where('id', number.id).where('status', 'quarantined').delete())
      released++
    } catch (error) {
      logger.error({ err: error, phoneNumberId: number.id, e164: number.e164, provider: number.provider }, 'releasing a quarantined number failed')
    }
  }
  return released
}
