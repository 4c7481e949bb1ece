import { domainToASCII } from 'node:url'

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/**
 * Turns a Host header into the canonical hostname used for lookups: lower case, no port,
 * no trailing dot, IDN as punycode. Returns null for anything that is not a hostname
 * (IP literals included: a brand is never reached by address).
 */
export function normalizeHost(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 300) return null
  let host = raw.trim()
  if (host.startsWith('[') || /[/\\@?#%\s]/.test(host)) return null
  host = host.replace(/:\d{1,5}$/, '')
  if (host.endsWith('.')) host = host.slice(0, -1)
  const ascii = domainToASCII(host.toLowerCase())
  if (!ascii || ascii.length > 253) return null
  const labels = ascii.split('.')
  if (!labels.every((label) => LABEL.test(label))) return null
  if (labels.every((label) => /^\d+$/.test(label))) return null
  return ascii
}

/** The host a tenant's platform subdomain lives on, e.g. acme.localhost. */
export function platformSubdomainHost(slug: string, platformDomain: string) {
  return `${slug}.${platformDomain}`
}
