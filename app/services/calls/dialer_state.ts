import type { TenantSnapshot } from '#tenants/snapshot'
import { formatE164 } from '#services/phone'
import clickToCall from './click_to_call_service.js'
import liveCalls from './live_calls_service.js'

/**
 * What the portal dialer partial (partials/portal_dialer.edge) needs: the caller IDs to pick
 * from (primary first) and the user's call in progress, if any. A page that includes the
 * partial passes this as `dialer`.
 */
export async function dialerState(tenant: TenantSnapshot, userId: number) {
  const [numbers, live] = await Promise.all([clickToCall.callerIds(tenant, userId), liveCalls.list(tenant, userId)])
  return {
    callerIds: numbers.map((number) => ({ e164: number.e164, label: formatE164(number.e164), primary: number.isPrimary })),
    current: live.find((call) => call.direction === 'outbound') ?? null,
    testDestinations: tenant.config.telephony.model === 'simulated',
  }
}
