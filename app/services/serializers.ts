import type User from '#models/user'
import type TenantDomain from '#models/tenant_domain'
import type TenantConfigVersion from '#models/tenant_config_version'
import type { TenantSnapshot } from '#tenants/snapshot'
import { FEATURES } from '#tenants/config/defaults'
import { maskSecrets } from '#tenants/config/secrets'

/** What the API says about a user: never the password hash. */
export function serializeUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    status: user.status,
    createdAt: user.createdAt.toISO(),
  }
}

export function serializeDomain(domain: TenantDomain) {
  return {
    id: domain.id,
    hostname: domain.hostname,
    kind: domain.kind,
    primary: domain.isPrimary,
    verified: domain.resolves,
    verifiedAt: domain.verifiedAt?.toISO() ?? null,
  }
}

export function serializeConfigVersion(row: TenantConfigVersion) {
  return {
    version: row.version,
    changedBy: row.changedBy,
    changes: row.changes,
    note: row.note,
    createdAt: row.createdAt.toISO(),
  }
}

/** The admin's view of the config document: every secret masked. */
export function serializeConfig(version: number, document: Record<string, any>) {
  return { version, config: maskSecrets(document) }
}

/**
 * The public brand document white-label apps theme themselves from: identity, tokens,
 * features and regions. Nothing secret, nothing about other brands.
 */
export function serializeBrand(tenant: TenantSnapshot) {
  const { branding, config } = tenant
  return {
    slug: tenant.slug,
    appName: branding.appName,
    companyName: branding.companyName,
    legalEntity: branding.legalEntity,
    logoUrl: branding.logoUrl,
    iconUrl: branding.iconUrl,
    faviconUrl: branding.faviconUrl,
    theme: branding.theme,
    tokens: branding.tokens,
    features: tenant.features,
    enabledFeatures: FEATURES.filter((name) => tenant.features[name]),
    limits: config.limits,
    regions: config.regions,
    currency: config.pricing.currency,
    support: config.support,
    content: { tagline: config.content.tagline, welcome: config.content.welcome, faq: config.content.faq },
    poweredBy: branding.poweredBy,
  }
}
