import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { Exception } from '@adonisjs/core/exceptions'
import SipDevice, { type DeviceKind } from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import User from '#models/user'
import { dbTime } from '#services/db_time'
import { runForTenant } from '#tenants/context'
import { isUniqueViolation } from '#tenants/config/service'
import type { TenantSnapshot } from '#tenants/snapshot'
import { sipDomainOf } from '#telephony/sip_domain'
import { newSipPassword, newSipUsername, sipDigests } from './sip_credentials.js'
import { provisioningPayload, sipSettings, type SipSettings } from './provisioning.js'

/** Devices one user may have at once. */
export const DEVICE_LIMIT = 10

/** What each kind of device is called, and a new device's name when none is given. */
export const DEVICE_KIND_LABELS: Record<DeviceKind, string> = {
  android: 'Android phone',
  ios: 'iPhone',
  web: 'Web phone',
  desk_phone: 'Desk phone',
}

/** The user already has as many devices as allowed. */
export class DeviceLimitException extends Exception {
  static status = 409
  static code = 'DEVICE_LIMIT_REACHED'
  readonly fields = [{ field: 'kind', message: `You can have up to ${DEVICE_LIMIT} devices; remove one first` }]

  constructor() {
    super(`You can have up to ${DEVICE_LIMIT} devices; remove one first`)
  }
}

/** A device with whether it has a live registration. */
export interface DeviceWithPresence {
  device: SipDevice
  online: boolean
}

/** Credentials just issued: the only moment the password exists outside the device. */
export interface IssuedCredentials {
  device: SipDevice
  settings: SipSettings
  provisioning: string
}

/**
 * SIP devices of a brand's users: credentials in the brand's SIP domain with a random username
 * and password, of which only the HA1 digests are kept. Every method takes the tenant and the
 * owner, so another user's (or brand's) device is simply not found.
 */
export class DeviceService {
  /** The user's devices, newest first, each with its registration state. */
  list(tenant: TenantSnapshot, userId: number): Promise<DeviceWithPresence[]> {
    return runForTenant(tenant, async () => {
      const devices = await SipDevice.query().where('user_id', userId).orderBy('id', 'desc')
      const online = await this.#onlineIds(devices.map((device) => device.id))
      return devices.map((device) => ({ device, online: online.has(device.id) }))
    })
  }

  /** One of the user's devices, or null. */
  find(tenant: TenantSnapshot, userId: number, id: number) {
    return runForTenant(tenant, () => SipDevice.query().where('id', id).where('user_id', userId).first())
  }

  /** Creates a device with fresh credentials; the password is returned once and never stored. */
  register(tenant: TenantSnapshot, user: Pick<User, 'id'>, input: { name?: string | null; kind: DeviceKind }) {
    return runForTenant(tenant, () =>
      db.transaction(async (trx) => {
        /** The user row lock makes the limit hold under concurrent requests. */
        await User.query({ client: trx }).where('id', user.id).forUpdate().firstOrFail()
        const count = await SipDevice.query({ client: trx }).where('user_id', user.id).count('* as total')
        if (Number(count[0].$extras.total) >= DEVICE_LIMIT) throw new DeviceLimitException()
        const domain = sipDomainOf(tenant)
        const password = newSipPassword()
        for (let attempt = 0; ; attempt++) {
          const username = newSipUsername()
          try {
            const device = await SipDevice.create(
              {
                userId: user.id,
                name: input.name?.trim() || DEVICE_KIND_LABELS[input.kind],
                kind: input.kind,
                username,
                sipDomain: domain,
                ...sipDigests(username, domain, password),
                status: 'active',
              },
              { client: trx }
            )
            return this.#issued(tenant, device, password)
          } catch (error) {
            if (!isUniqueViolation(error) || attempt >= 4) throw error
          }
        }
      })
    )
  }

  /** Issues a new password (shown once); the old one stops working on the next REGISTER. */
  resetPassword(tenant: TenantSnapshot, userId: number, id: number): Promise<IssuedCredentials | null> {
    return runForTenant(tenant, async () => {
      const device = await this.find(tenant, userId, id)
      if (!device) return null
      const password = newSipPassword()
      device.merge(sipDigests(device.username, device.sipDomain, password))
      await device.save()
      await SipRegistration.query().where('device_id', device.id).delete()
      return this.#issued(tenant, device, password)
    })
  }

  /** Enables or disables a device; a disabled one is refused at its next REGISTER or call. */
  setStatus(tenant: TenantSnapshot, userId: number, id: number, status: 'active' | 'disabled') {
    return runForTenant(tenant, async () => {
      const device = await this.find(tenant, userId, id)
      if (!device) return null
      device.status = status
      await device.save()
      if (status === 'disabled') await SipRegistration.query().where('device_id', device.id).delete()
      return device
    })
  }

  /** Deletes a device and its registrations; false when it is not the user's. */
  remove(tenant: TenantSnapshot, userId: number, id: number) {
    return runForTenant(tenant, async () => {
      const device = await this.find(tenant, userId, id)
      if (!device) return false
      await SipRegistration.query().where('device_id', device.id).delete()
      await device.delete()
      return true
    })
  }

  /** Whether one device has a live registration. */
  async isOnline(tenant: TenantSnapshot, device: SipDevice) {
    return runForTenant(tenant, async () => (await this.#onlineIds([device.id])).has(device.id))
  }

  async #onlineIds(ids: number[]) {
    if (!ids.length) return new Set<number>()
    const live = await SipRegistration.query()
      .whereIn('device_id', ids)
      .where('expires_at', '>', dbTime(DateTime.now()))
      .select('device_id')
    return new Set(live.map((row) => row.deviceId))
  }

  #issued(tenant: TenantSnapshot, device: SipDevice, password: string): IssuedCredentials {
    const settings = sipSettings(device, password)
    return { device, settings, provisioning: provisioningPayload(device, settings, tenant.branding.appName) }
  }
}

export default new DeviceService()
