import PhoneNumber from '#models/phone_number'
import type { NumberStatus } from '#models/phone_number'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'

/** Statuses in which a number still belongs to its user (quarantined ones have left them). */
export const HELD_STATUSES: NumberStatus[] = ['active', 'disabled', 'grace']

/** How many numbers one user may hold: the brand's limit (1-5), or one without `multi_number`. */
export function numberLimitOf(tenant: Pick<TenantSnapshot, 'config' | 'features'>) {
  return tenant.features.multi_number ? tenant.config.limits.numbersPerUser : 1
}

/** How many numbers the user holds now. */
export async function heldCount(tenant: TenantSnapshot, userId: number) {
  const rows = await runForTenant(tenant, () => PhoneNumber.query().where('user_id', userId).whereIn('status', HELD_STATUSES).count('* as total'))
  return Number(rows[0].$extras.total)
}
