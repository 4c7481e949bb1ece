import { themePack } from '#themes/registry'

/** Edge disk name of a theme pack's views. */
export function themeDisk(slug: string) {
  return `theme_${slug}`
}

/**
 * The view to render for a page under a theme: the theme's own copy when it overrides that
 * view, else the shared one in resources/views.
 */
export function themedView(themeSlug: string, name: string) {
  const pack = themePack(themeSlug)
  return pack.overrides.has(name) ? `${themeDisk(pack.slug)}::${name}` : name
}
