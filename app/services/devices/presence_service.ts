import { DateTime } from 'luxon'
import SipDevice from '#models/sip_device'
import { dbTime } from '#services/db_time'
import { runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'

/**
 * Which of a user's devices can be rung now, from what the registrar reported: active devices
 * with a registration that has not expired. Routing forks a call to these.
 */
export class PresenceService {
  /** AORs (sip:username@domain) of the user's active devices with a live registration. */
  async onlineDevices(tenantId: number, userId: number): Promise<string[]> {
    const tenant = await tenancy.resolver.snapshot(tenantId)
    if (!tenant) return []
    return runForTenant(tenant, async () => {
      const now = dbTime(DateTime.now())
      const devices = await SipDevice.query()
        .where('user_id', userId)
        .where('status', 'active')
        .whereExists((query) =>
          query
            .from('sip_registrations')
            .whereColumn('sip_registrations.device_id', 'sip_devices.id')
            .where('sip_registrations.expires_at', '>', now)
        )
        .orderBy('id', 'asc')
      return devices.map((device) => `sip:${device.username}@${device.sipDomain}`)
    })
  }
}

export default new PresenceService()
