import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import TenantDomain from '#models/tenant_domain'
import { acrossAllTenants, runForTenant } from './context.js'
import { normalizeHost } from './host.js'
import type { TenancyBus } from './bus.js'
import type { DnsTxtResolver } from './dns.js'
import { isUniqueViolation } from './config/service.js'

type TenantRef = { id: number; slug: string }

/** A hostname another brand already holds. */
export class DomainTakenException extends Exception {
  static status = 409
  static code = 'DOMAIN_TAKEN'
  static message = 'This domain is already in use by another brand'
}

/** A hostname that cannot be a custom domain (malformed, or the platform's own). */
export class InvalidDomainException extends Exception {
  static status = 422
  static code = 'E_VALIDATION_ERROR'
}

export interface VerificationInstructions {
  recordType: 'TXT'
  recordName: string
  recordValue: string
}

/**
 * A brand's hostnames: add a custom domain, prove it by a DNS TXT record, make it primary,
 * remove it. Every change publishes an invalidation so resolvers pick it up at once.
 */
export class DomainService {
  constructor(
    private bus: TenancyBus,
    private dns: () => DnsTxtResolver,
    private platformDomain: string
  ) {}

  /** The TXT record an admin must publish to prove a domain. */
  instructions(domain: TenantDomain): VerificationInstructions {
    return {
      recordType: 'TXT',
      recordName: `_brandline.${domain.hostname}`,
      recordValue: `brandline-verification=${domain.verificationToken}`,
    }
  }

  list(tenant: TenantRef) {
    return runForTenant(tenant, () => TenantDomain.query().orderBy('id', 'asc'))
  }

  find(tenant: TenantRef, id: number) {
    return runForTenant(tenant, () => TenantDomain.find(id))
  }

  /** Adds an unverified custom domain; 409 when another brand (or this one) has it. */
  add(tenant: TenantRef, rawHostname: string) {
    return runForTenant(tenant, async () => {
      const hostname = normalizeHost(rawHostname)
      if (!hostname || !hostname.includes('.')) {
        throw new InvalidDomainException('Enter a domain name such as voice.example.com', { cause: 'hostname' })
      }
      if (hostname === this.platformDomain || hostname.endsWith(`.${this.platformDomain}`)) {
        throw new InvalidDomainException(`Domains under ${this.platformDomain} belong to the platform`)
      }
      const taken = await acrossAllTenants('check domain uniqueness', () =>
        TenantDomain.query().where('hostname', hostname).first()
      )
      if (taken) throw new DomainTakenException()
      try {
        const domain = await TenantDomain.create({
          tenantId: tenant.id,
          hostname,
          kind: 'custom',
          isPrimary: false,
          verificationToken: randomBytes(16).toString('hex'),
          verifiedAt: null,
        })
        await this.bus.publish({ tenantId: tenant.id, reason: 'domains' })
        return domain
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainTakenException()
        throw error
      }
    })
  }

  /** Looks up `_brandline.<host>` and marks the domain verified when the token is there. */
  verify(tenant: TenantRef, domain: TenantDomain) {
    return runForTenant(tenant, async () => {
      if (domain.verifiedAt || domain.kind === 'platform_subdomain') return true
      const { recordName, recordValue } = this.instructions(domain)
      const records = (await this.dns().resolveTxt(recordName)).map((chunks) => chunks.join('').trim())
      if (!records.some((value) => value === recordValue || value === domain.verificationToken)) return false
      domain.verifiedAt = DateTime.utc()
      await domain.save()
      await this.bus.publish({ tenantId: tenant.id, reason: 'domains' })
      return true
    })
  }

  /** Makes a resolving domain the brand's primary one (used in links and emails). */
  makePrimary(tenant: TenantRef, domain: TenantDomain) {
    return runForTenant(tenant, async () => {
      if (!domain.resolves) return false
      await TenantDomain.query().update({ is_primary: false })
      domain.isPrimary = true
      await domain.save()
      await this.bus.publish({ tenantId: tenant.id, reason: 'domains' })
      return true
    })
  }

  /** Removes a custom domain; the platform subdomain always stays. */
  remove(tenant: TenantRef, domain: TenantDomain) {
    return runForTenant(tenant, async () => {
      if (domain.kind === 'platform_subdomain') return false
      await domain.delete()
      await this.bus.publish({ tenantId: tenant.id, reason: 'domains' })
      return true
    })
  }
}
