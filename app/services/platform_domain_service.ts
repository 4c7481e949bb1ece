import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import logger from '@adonisjs/core/services/logger'
import type Tenant from '#models/tenant'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'

/** The domain id does not belong to this tenant (or does not exist). */
export class DomainNotFoundException extends Exception {
  static status = 404
  static code = 'NOT_FOUND'
  static message = 'No such domain for this tenant'
}

/**
 * An operator's changes to a brand's hostnames, on top of DomainService. Operators may vouch
 * for a domain they set up themselves, so it resolves at once without the DNS proof.
 */
export class PlatformDomainService {
  /** Adds a custom domain; 409 DOMAIN_TAKEN when any brand already has it. */
  async add(tenant: Tenant, hostname: string, verified: boolean, actor: string) {
    const domain = await tenancy.domains.add(tenant, hostname)
    if (verified) {
      await runForTenant(tenant, () => domain.merge({ verifiedAt: DateTime.utc() }).save())
      await tenancy.changed({ tenantId: tenant.id, reason: 'domains' })
    }
    logger.info({ actor, tenant: tenant.slug, hostname: domain.hostname, verified }, 'platform: domain added')
    return domain
  }

  /** Removes a custom domain; false for the platform subdomain, which always stays. */
  async remove(tenant: Tenant, domainId: number, actor: string) {
    const domain = await tenancy.domains.find(tenant, domainId)
    if (!domain) throw new DomainNotFoundException()
    const removed = await tenancy.domains.remove(tenant, domain)
    if (removed) logger.info({ actor, tenant: tenant.slug, hostname: domain.hostname }, 'platform: domain removed')
    return removed
  }

  /** The TXT record the brand must publish for a domain the operator did not vouch for. */
  instructions(tenant: Tenant) {
    return (tenant.domains ?? [])
      .filter((domain) => !domain.resolves)
      .map((domain) => ({ hostname: domain.hostname, ...tenancy.domains.instructions(domain) }))
  }
}

export default new PlatformDomainService()
