/// <reference lib="dom" />
/**
 * Helpers for the browser suite: brand URLs on the test server and a snapshot of what a
 * visitor actually sees of a brand (title, name, logo, computed theme colors, visible text).
 */
import type { BrowserContext, Page } from 'playwright'
import env from '#start/env'
import { DEMO_BRANDS, DEMO_PASSWORD } from '#database/seeders/demo_data'

export { DEMO_PASSWORD }

export type DemoSlug = 'acme' | 'globex'

/** The seeded demo brand with this slug. */
export function demoBrand(slug: DemoSlug) {
  const brand = DEMO_BRANDS.find((candidate) => candidate.slug === slug)
  if (!brand) throw new Error(`No demo brand "${slug}" in database/seeders/demo_data.ts`)
  return brand
}

/** The port the test HTTP server listens on (PORT, 3339 in .env.test). */
export function testPort() {
  return env.get('PORT') ?? Number(process.env.PORT ?? 3333)
}

/**
 * A URL on a brand's platform subdomain. Chromium resolves every *.localhost name to the
 * loopback interface by itself, so no /etc/hosts entry is needed and the app sees that Host.
 */
export function brandUrl(slug: DemoSlug, path = '/') {
  return `http://${slug}.localhost:${testPort()}${path}`
}

/**
 * Opens a brand page in the test's browser context. Its actions and waits give up after 10 s
 * (Playwright's 30 s default makes a missing element slow to report).
 */
export async function visitBrand(visit: BrowserContext['visit'], slug: DemoSlug, path = '/') {
  const page = await visit(brandUrl(slug, path))
  page.setDefaultTimeout(10_000)
  return page
}

/** `#e4572e` -> `rgb(228, 87, 46)`, the form getComputedStyle reports colors in. */
export function hexToRgb(hex: string) {
  const value = hex.replace(/^#/, '')
  const full = value.length === 3 ? [...value].map((c) => c + c).join('') : value
  const [r, g, b] = [0, 2, 4].map((index) => Number.parseInt(full.slice(index, index + 2), 16))
  return `rgb(${r}, ${g}, ${b})`
}

export interface BrandLook {
  title: string
  brandName: string
  logoSrc: string | null
  primary: string
  buttonBackground: string | null
  text: string
  html: string
}

/** What the page shows of its brand, read from the rendered DOM and computed styles. */
export async function brandLook(page: Page): Promise<BrandLook> {
  const look = await page.evaluate(() => {
    const logo = document.querySelector('[data-brand-logo]')
    const name = document.querySelector('[data-brand-name]')
    const button =
      document.querySelector('.button:not(.secondary)') ?? document.querySelector('button[type=submit]')
    return {
      title: document.title,
      brandName: name instanceof HTMLElement ? name.innerText.trim() : '',
      logoSrc: logo instanceof HTMLImageElement ? logo.src : null,
      primary: getComputedStyle(document.documentElement).getPropertyValue('--bl-primary').trim(),
      buttonBackground: button ? getComputedStyle(button).backgroundColor : null,
      text: document.body.innerText,
    }
  })
  return { ...look, html: await page.content() }
}

/** Fills and submits the portal login form (input[name=email], input[name=password]). */
export async function submitLogin(page: Page, email: string, password: string) {
  const form = page.locator('form').filter({ has: page.locator('input[name=password]') })
  await form.locator('input[name=email]').fill(email)
  await form.locator('input[name=password]').fill(password)
  await form.locator('button[type=submit], input[type=submit], button:not([type])').first().click()
}
