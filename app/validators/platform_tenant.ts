import vine from '@vinejs/vine'
import { customHostname, parentTenantId, tenantName, tenantSlug, themeSlug } from '#validators/platform_rules'

/** A new brand: its slug (and so its subdomain), name, optional reseller, theme and custom domains. */
export const createTenantValidator = vine.create({
  slug: tenantSlug(),
  name: tenantName(),
  parentId: parentTenantId().nullable().optional(),
  theme: themeSlug().optional(),
  domains: vine.array(customHostname()).maxLength(10).distinct().optional(),
})

/** Rename a brand or move it under another reseller (null puts it at the top level). */
export const updateTenantValidator = vine.create({
  name: tenantName().optional(),
  parentId: parentTenantId().nullable().optional(),
})

/** Paging and filtering of the tenant list, from the query string. */
export const listTenantsValidator = vine.create({
  page: vine.number().withoutDecimals().min(1).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  status: vine.enum(['active', 'suspended'] as const).optional(),
})

/** A custom domain an operator attaches to a brand, verified already or not. */
export const addDomainValidator = vine.create({
  hostname: customHostname(),
  verified: vine.boolean().optional(),
})
