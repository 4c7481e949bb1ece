import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import SipDevice from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import { dbTime } from '#services/db_time'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { isUniqueViolation } from '#tenants/config/service'
import tenancy from '#tenants/main'

/** What the registrar reports after a successful REGISTER (one contact of one device). */
export interface RegistrationReport {
  deviceId?: number
  tenantId?: number
  username?: string
  domain?: string
  /** The contact URI, or `*` to drop every contact of the device. */
  contact: string
  /** Seconds the registration lasts; 0 removes it. */
  expires: number
  userAgent?: string | null
  received?: string | null
}

/**
 * Keeps sip_registrations in step with the registrar. Called on every REGISTER, so it costs
 * one indexed device lookup and one or two writes.
 */
export class RegistrationService {
  /** Stores (or removes) the reported contact; null when no such device exists any more. */
  async record(report: RegistrationReport) {
    const device = await this.#device(report)
    if (!device) return null
    const tenant = await tenancy.resolver.snapshot(device.tenantId)
    if (!tenant) return null
    return runForTenant(tenant, async () => {
      const now = DateTime.now()
      const stale = SipRegistration.query().where('device_id', device.id)
      if (report.expires <= 0) {
        if (report.contact !== '*') stale.where((q) => q.where('contact', report.contact.slice(0, 255)).orWhere('expires_at', '<=', dbTime(now)))
        await stale.delete()
        return { deviceId: device.id, registered: false }
      }
      await stale.where('expires_at', '<=', dbTime(now)).delete()
      const expiresAt = now.plus({ seconds: report.expires })
      await this.#upsert(device, report, expiresAt)
      await SipDevice.query().where('id', device.id).update({ last_registered_at: dbTime(now) })
      return { deviceId: device.id, registered: true, expiresAt }
    })
  }

  async #upsert(device: SipDevice, report: RegistrationReport, expiresAt: DateTime) {
    const key = { deviceId: device.id, contact: report.contact.slice(0, 255) }
    const values = {
      expiresAt,
      userAgent: report.userAgent?.slice(0, 128) || null,
      received: report.received?.slice(0, 64) || null,
    }
    try {
      await SipRegistration.updateOrCreate(key, values)
    } catch (error) {
      /** Two REGISTERs of one contact raced to insert: the row exists now, update it. */
      if (!isUniqueViolation(error)) throw error
      await SipRegistration.updateOrCreate(key, values)
    }
  }

  /** The device by id (checked against username and domain when given), else by username@domain. */
  #device(report: RegistrationReport) {
    if (!report.deviceId && !(report.username && report.domain)) return Promise.resolve(null)
    return acrossAllTenants('registrar report: the device names its brand', async () => {
      const query = SipDevice.query()
      if (report.deviceId) query.where('id', report.deviceId)
      if (report.username) query.where('username', report.username)
      if (report.domain) query.where('sip_domain', report.domain.toLowerCase())
      if (report.tenantId) query.where('tenant_id', report.tenantId)
      const device = await query.first()
      if (!device) logger.warn({ deviceId: report.deviceId ?? null }, 'registrar reported an unknown device')
      return device
    })
  }
}

export default new RegistrationService()
