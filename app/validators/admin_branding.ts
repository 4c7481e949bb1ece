import vine from '@vinejs/vine'

/** Color slots a brand may set; the rest of a theme's palette follows from them. */
export const BRAND_COLORS = ['primary', 'secondary', 'accent', 'background', 'text'] as const

/** Form fields are typed here; what they may hold is the config schema's call (one source of truth). */
const text = () => vine.string().trim().maxLength(2048).nullable().optional()
const tick = () => vine.boolean().optional()

const colorFields = Object.fromEntries(BRAND_COLORS.map((name) => [name, text()])) as Record<
  (typeof BRAND_COLORS)[number],
  ReturnType<typeof text>
>
const defaultFields = Object.fromEntries(BRAND_COLORS.map((name) => [name, tick()])) as Record<
  (typeof BRAND_COLORS)[number],
  ReturnType<typeof tick>
>

/** The branding editor's form, with inputs named by config path (`branding.colors.primary`). */
export const updateBrandingValidator = vine.create({
  theme: text(),
  branding: vine.object({
    appName: text(),
    companyName: text(),
    legalEntity: text(),
    logoUrl: text(),
    iconUrl: text(),
    faviconUrl: text(),
    colors: vine.object(colorFields),
    fonts: vine.object({ heading: text(), body: text() }),
    mode: text(),
    poweredBy: tick(),
  }),
  /** "Use the theme's default" per color: stores null, whatever the color picker says. */
  themeDefault: vine.object(defaultFields).optional(),
})

type BrandingForm = Awaited<ReturnType<typeof updateBrandingValidator.validate>>

/** The config patch for a validated branding form. */
export function brandingPatch(form: BrandingForm) {
  const colors = Object.fromEntries(
    BRAND_COLORS.map((name) => [name, form.themeDefault?.[name] ? null : (form.branding.colors[name] ?? null)])
  )
  return {
    theme: form.theme ?? null,
    branding: {
      appName: form.branding.appName ?? null,
      companyName: form.branding.companyName ?? null,
      legalEntity: form.branding.legalEntity ?? null,
      logoUrl: form.branding.logoUrl ?? null,
      iconUrl: form.branding.iconUrl ?? null,
      faviconUrl: form.branding.faviconUrl ?? null,
      colors,
      fonts: { heading: form.branding.fonts.heading ?? null, body: form.branding.fonts.body ?? null },
      mode: form.branding.mode ?? null,
      poweredBy: form.branding.poweredBy ?? false,
    },
  }
}
