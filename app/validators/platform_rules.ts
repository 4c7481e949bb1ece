import vine from '@vinejs/vine'
import tenancy from '#tenants/main'
import { normalizeHost } from '#tenants/host'
import { THEME_SLUGS } from '#themes/registry'
import { RESERVED_SLUGS } from '#services/tenant_service'

/** A DNS label: lowercase letters, digits and inner hyphens, because the slug becomes <slug>.<platform domain>. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

/** A custom domain must be a real hostname and must not sit under the platform's own domain. */
const customHostnameRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const host = normalizeHost(value)
  if (!host || !host.includes('.')) {
    field.report('Enter a domain name such as voice.example.com', 'hostname', field)
    return
  }
  const platformDomain = tenancy.options.platformDomain
  if (host === platformDomain || host.endsWith(`.${platformDomain}`)) {
    field.report(`Domains under ${platformDomain} belong to the platform`, 'hostname', field)
    return
  }
  field.mutate(host, field)
})

export const tenantSlug = () =>
  vine.string().trim().minLength(2).maxLength(63).regex(SLUG_PATTERN).notIn([...RESERVED_SLUGS])

export const tenantName = () => vine.string().trim().minLength(2).maxLength(120)

/** A reseller the tenant sits under; it must exist (cycles are checked by the service). */
export const parentTenantId = () =>
  vine.number().withoutDecimals().positive().exists({ table: 'tenants', column: 'id' })

export const themeSlug = () => vine.enum(THEME_SLUGS)

export const customHostname = () => vine.string().trim().maxLength(253).use(customHostnameRule())

export const operatorEmail = () => vine.string().trim().toLowerCase().maxLength(254).email()
