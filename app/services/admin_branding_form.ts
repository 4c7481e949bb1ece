import { themePack } from '#themes/registry'
import type { TenantConfig } from '#tenants/config/defaults'
import { BRAND_COLORS } from '#validators/admin_branding'

/** `#abc` -> `#aabbcc`: a color picker only takes the six-digit form. */
export function sixDigitHex(color: string) {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color)
  return (short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : color).toLowerCase()
}

/**
 * The branding editor's saved values: a color left to the theme shows the theme's own color
 * in its picker, with "use theme default" ticked.
 */
export function brandingFormValues(document: TenantConfig) {
  const pack = themePack(document.theme)
  const colors = Object.fromEntries(
    BRAND_COLORS.map((name) => [name, sixDigitHex(document.branding.colors[name] ?? pack.tokens.colors[name])])
  )
  const themeDefault = Object.fromEntries(BRAND_COLORS.map((name) => [name, document.branding.colors[name] === null]))
  return { theme: document.theme, branding: { ...document.branding, colors }, themeDefault }
}
