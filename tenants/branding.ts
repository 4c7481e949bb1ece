import { themePack, type ThemeTokens } from '#themes/registry'
import type { TenantConfig } from './config/defaults.js'

/** The look of one brand: its theme's tokens with the brand's own colors and fonts on top. */
export interface ResolvedBranding {
  theme: string
  appName: string
  companyName: string
  legalEntity: string
  logoUrl: string | null
  iconUrl: string | null
  faviconUrl: string | null
  poweredBy: boolean
  tokens: ThemeTokens
  /** `:root { --bl-...: ... }`, ready to inline in a page. */
  css: string
}

const CSS_NAME: Record<string, string> = {
  primary: 'primary',
  secondary: 'secondary',
  accent: 'accent',
  background: 'bg',
  surface: 'surface',
  text: 'text',
  muted: 'muted',
  border: 'border',
}

/** Merges the theme pack's tokens with the tenant's branding; brand values win when set. */
export function resolveBranding(config: TenantConfig): ResolvedBranding {
  const pack = themePack(config.theme)
  const brand = config.branding
  const colors = { ...pack.tokens.colors }
  for (const [key, value] of Object.entries(brand.colors)) {
    if (value) colors[key as keyof typeof colors] = value
  }
  const tokens: ThemeTokens = {
    ...pack.tokens,
    mode: brand.mode === 'theme' ? pack.tokens.mode : brand.mode,
    colors,
    fonts: {
      heading: brand.fonts.heading ?? pack.tokens.fonts.heading,
      body: brand.fonts.body ?? pack.tokens.fonts.body,
    },
  }
  return {
    theme: pack.slug,
    appName: brand.appName,
    companyName: brand.companyName,
    legalEntity: brand.legalEntity,
    logoUrl: brand.logoUrl,
    iconUrl: brand.iconUrl,
    faviconUrl: brand.faviconUrl,
    poweredBy: brand.poweredBy,
    tokens,
    css: tokensToCss(tokens),
  }
}

/** CSS custom properties for the tokens; values were validated (hex colors, safe font lists). */
export function tokensToCss(tokens: ThemeTokens) {
  const lines = Object.entries(tokens.colors).map(([key, value]) => `--bl-${CSS_NAME[key] ?? key}: ${value};`)
  lines.push(`--bl-font-heading: ${tokens.fonts.heading};`, `--bl-font-body: ${tokens.fonts.body};`)
  lines.push(`--bl-radius: ${tokens.radius};`, `--bl-shadow: ${tokens.shadow};`)
  lines.push(`color-scheme: ${tokens.mode};`)
  return `:root { ${lines.join(' ')} }`
}
