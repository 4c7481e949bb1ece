import app from '@adonisjs/core/services/app'
import type { TenantSnapshot } from '#tenants/snapshot'

/**
 * The SIP domain a brand's devices live in: the one its config names, else
 * `<slug>.sip.<platform domain>`. Kamailio authenticates in this realm.
 */
export function sipDomainOf(tenant: Pick<TenantSnapshot, 'slug' | 'config'>) {
  const { platformDomain } = app.config.get<{ platformDomain: string }>('tenancy')
  return tenant.config.telephony.sipDomain ?? `${tenant.slug}.sip.${platformDomain}`
}
