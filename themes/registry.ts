import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The theme packs that ship with Brandline; each is a folder beside this file. */
export const THEME_SLUGS = ['classic', 'midnight'] as const
export type ThemeSlug = (typeof THEME_SLUGS)[number]

/** Design tokens a theme defines and a tenant's branding may override. */
export interface ThemeTokens {
  mode: 'light' | 'dark'
  colors: {
    primary: string
    secondary: string
    accent: string
    background: string
    surface: string
    text: string
    muted: string
    border: string
  }
  fonts: { heading: string; body: string }
  radius: string
  shadow: string
}

export interface ThemePack {
  slug: ThemeSlug
  label: string
  description: string
  tokens: ThemeTokens
  /** Edge view names (e.g. "site/landing") this theme overrides. */
  overrides: Set<string>
  viewsPath: string
}

const root = fileURLToPath(new URL('./', import.meta.url))

function listViews(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return listViews(path, base)
    return entry.endsWith('.edge') ? [relative(base, path).replace(/\.edge$/, '')] : []
  })
}

/** Reads every theme pack once: its tokens and the list of views it overrides. */
function loadThemes(): Map<ThemeSlug, ThemePack> {
  const themes = new Map<ThemeSlug, ThemePack>()
  for (const slug of THEME_SLUGS) {
    const folder = join(root, slug)
    const manifest = JSON.parse(readFileSync(join(folder, 'theme.json'), 'utf8'))
    const viewsPath = join(folder, 'views')
    themes.set(slug, { slug, ...manifest, overrides: new Set(listViews(viewsPath)), viewsPath })
  }
  return themes
}

export const themes = loadThemes()

/** A theme pack by slug, falling back to classic for a slug that no longer ships. */
export function themePack(slug: string): ThemePack {
  return themes.get(slug as ThemeSlug) ?? themes.get('classic')!
}
