import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import PhoneNumber from '#models/phone_number'
import CallRule from '#models/call_rule'
import type { TelephonyConfig } from '#config/telephony'
import type { Capability } from '#telephony/types'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { NumberException, numberNotFound } from './errors.js'
import { HELD_STATUSES } from './number_limits.js'

/** What a number can do now: what the carrier gives it, switched on for the brand, and the number in service. */
export type Capabilities = Record<Capability, boolean>

/**
 * A user's numbers after purchase: list, look at, release to quarantine, choose the primary
 * one (caller ID by default), switch on and off. Another user's or brand's number is a 404.
 */
export class NumberService {
  /** The user's numbers, primary first. */
  list(tenant: TenantSnapshot, userId: number) {
    return runForTenant(tenant, () =>
      PhoneNumber.query().where('user_id', userId).whereIn('status', HELD_STATUSES).orderBy('is_primary', 'desc').orderBy('id', 'asc')
    )
  }

  /** One of the user's numbers, or a 404. */
  async find(tenant: TenantSnapshot, userId: number, id: number, trx?: TransactionClientContract) {
    const number = await runForTenant(tenant, () => {
      const query = PhoneNumber.query({ client: trx }).where('id', id).where('user_id', userId).whereIn('status', HELD_STATUSES)
      return trx ? query.forUpdate().first() : query.first()
    })
    if (!number) throw numberNotFound()
    return number
  }

  /**
   * The number leaves the user for quarantine (nobody may buy it until it ends), its call rules
   * go, and when it was the primary one the user's next number takes over.
   */
  async release(tenant: TenantSnapshot, userId: number, id: number) {
    const days = app.config.get<TelephonyConfig>('telephony').numbers.quarantineDays
    return runForTenant(tenant, () =>
      db.transaction(async (trx) => {
        const number = await this.find(tenant, userId, id, trx)
        const wasPrimary = number.isPrimary
        const now = DateTime.now().startOf('second')
        number.merge({ status: 'quarantined', userId: null, isPrimary: false, graceUntil: null, quarantinedUntil: now.plus({ days }), releasedAt: now })
        await number.useTransaction(trx).save()
        await CallRule.query({ client: trx }).where('phone_number_id', number.id).delete()
        if (wasPrimary) await this.#promoteNext(userId, trx)
        return number
      })
    )
  }

  /** Makes one active number the user's primary; exactly one is primary afterwards. */
  async setPrimary(tenant: TenantSnapshot, userId: number, id: number) {
    return runForTenant(tenant, () =>
      db.transaction(async (trx) => {
        const number = await this.find(tenant, userId, id, trx)
        if (number.status !== 'active') {
          throw new NumberException(`Only an active number can be primary; ${number.e164} is ${number.status}`, { status: 409, code: 'NUMBER_NOT_ACTIVE' })
        }
        await PhoneNumber.query({ client: trx }).where('user_id', userId).whereNot('id', number.id).update({ is_primary: false })
        number.isPrimary = true
        await number.useTransaction(trx).save()
        return number
      })
    )
  }

  /** Switches a number on or off; one in grace or quarantine belongs to the renewal process. */
  async setStatus(tenant: TenantSnapshot, userId: number, id: number, status: 'active' | 'disabled') {
    return runForTenant(tenant, () =>
      db.transaction(async (trx) => {
        const number = await this.find(tenant, userId, id, trx)
        if (number.status !== 'active' && number.status !== 'disabled') {
          const message = `${number.e164} is in ${number.status} until its renewal is paid; it cannot be switched on or off`
          throw new NumberException(message, { status: 409, code: 'NUMBER_STATUS_LOCKED' })
        }
        number.status = status
        await number.useTransaction(trx).save()
        return number
      })
    )
  }

  /** What the carrier gives the number, and what of it works now (brand features, number on). */
  capabilities(tenant: TenantSnapshot, number: PhoneNumber): { number: Capabilities; usable: Capabilities } {
    const carrier = { voice: number.voiceEnabled, sms: number.smsEnabled, mms: number.mmsEnabled }
    const inService = number.status === 'active' || number.status === 'grace'
    const usable = {
      voice: carrier.voice && inService && tenant.features.voice,
      sms: carrier.sms && inService && tenant.features.sms,
      mms: carrier.mms && inService && tenant.features.mms,
    }
    return { number: carrier, usable }
  }

  /** The user's next number (an active one first, oldest first) becomes primary. */
  async #promoteNext(userId: number, trx: TransactionClientContract) {
    const held = await PhoneNumber.query({ client: trx }).where('user_id', userId).whereIn('status', HELD_STATUSES).orderBy('id', 'asc').forUpdate()
    const next = held.find((row) => row.status === 'active') ?? held[0]
    if (!next) return
    next.isPrimary = true
    await next.useTransaction(trx).save()
  }
}

const numbers = new NumberService()
export default numbers
