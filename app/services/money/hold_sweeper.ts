import { DateTime } from 'luxon'
import { dbTime } from '#services/db_time'
import Tenant from '#models/tenant'
import WalletHold from '#models/wallet_hold'
import walletService from '#services/money/wallet_service'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { HoldClosedException } from '#services/money/errors'

/**
 * Releases holds that outlived their expiry (a call record that never came, a worker that
 * died), each inside its own tenant. Returns how many it released.
 */
export async function sweepExpiredHolds(now = DateTime.now(), limit = 500) {
  const expired = await acrossAllTenants('sweep expired wallet holds', () =>
    WalletHold.query().where('status', 'open').where('expires_at', '<', dbTime(now)).orderBy('id').limit(limit)
  )
  const tenants = new Map<number, Tenant>()
  let released = 0
  for (const hold of expired) {
    const tenant = tenants.get(hold.tenantId) ?? (await acrossAllTenants('sweep', () => Tenant.findOrFail(hold.tenantId)))
    tenants.set(tenant.id, tenant)
    try {
      await runForTenant(tenant, () => walletService.release(hold.id, 'expired'))
      released++
    } catch (error) {
      if (!(error instanceof HoldClosedException)) throw error
    }
  }
  return released
}
