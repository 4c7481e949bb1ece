/// <reference lib="dom" />
/**
 * Two brands, one deployment, seen through a real browser (Debian's Chromium): each host shows
 * its own name, logo and theme colors and never the other brand's, on the marketing site and on
 * the portal login page; a customer logs in through the form and lands in her portal.
 */
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import {
  brandLook,
  demoBrand,
  hexToRgb,
  submitLogin,
  visitBrand,
  DEMO_PASSWORD,
  type BrandLook,
} from './helpers.js'

const acme = demoBrand('acme')
const globex = demoBrand('globex')

/** Each brand looks like itself and not like the other one. */
function assertDistinctBrands(assert: Assert, acmeLook: BrandLook, globexLook: BrandLook) {
  assert.include(acmeLook.title, acme.name)
  assert.include(globexLook.title, globex.name)
  assert.include(acmeLook.brandName, acme.name)
  assert.include(globexLook.brandName, globex.name)

  assert.equal(acmeLook.primary.toLowerCase(), acme.config.branding.colors.primary)
  assert.equal(globexLook.primary.toLowerCase(), globex.config.branding.colors.primary)
  assert.notEqual(acmeLook.primary, globexLook.primary)
  assert.equal(acmeLook.buttonBackground, hexToRgb(acme.config.branding.colors.primary))
  assert.equal(globexLook.buttonBackground, hexToRgb(globex.config.branding.colors.primary))

  assert.isString(acmeLook.logoSrc)
  assert.isString(globexLook.logoSrc)
  assert.include(acmeLook.logoSrc!, acme.config.branding.logoUrl)
  assert.include(globexLook.logoSrc!, globex.config.branding.logoUrl)
  assert.notEqual(acmeLook.logoSrc, globexLook.logoSrc)

  /** Neither the visible text nor the markup (title, alt texts, inline CSS) leaks the other. */
  for (const word of ['Globex', 'globex']) {
    assert.notInclude(acmeLook.text, word)
    assert.notInclude(acmeLook.html, word)
  }
  for (const word of ['Acme', 'acme']) {
    assert.notInclude(globexLook.text, word)
    assert.notInclude(globexLook.html, word)
  }
}

test.group('Brand sites in the browser', () => {
  test('each landing page carries its own name, logo and theme colors', async ({ visit, assert }) => {
    const acmePage = await visitBrand(visit, 'acme', '/')
    await acmePage.assertTitleContains(acme.name)
    await acmePage.assertTextContains('h1', acme.name)
    const acmeLook = await brandLook(acmePage)

    const globexPage = await visitBrand(visit, 'globex', '/')
    await globexPage.assertTitleContains(globex.name)
    await globexPage.assertTextContains('h1', globex.name)
    const globexLook = await brandLook(globexPage)

    assertDistinctBrands(assert, acmeLook, globexLook)
    /** The two demo brands use different theme packs. */
    assert.equal(await acmePage.getAttribute('html', 'data-theme'), acme.config.theme)
    assert.equal(await globexPage.getAttribute('html', 'data-theme'), globex.config.theme)
  })

  test('each portal login page is branded and offers the login form', async ({ visit, assert }) => {
    const looks: BrandLook[] = []
    for (const slug of ['acme', 'globex'] as const) {
      const page = await visitBrand(visit, slug, '/portal/login')
      await page.assertTitleContains(demoBrand(slug).name)
      await page.assertVisible('input[name=email]')
      await page.assertVisible('input[name=password]')
      assert.equal(await page.getAttribute('input[name=password]', 'type'), 'password')
      await page.assertVisible('form button[type=submit], form input[type=submit], form button:not([type])')
      looks.push(await brandLook(page))
    }
    assertDistinctBrands(assert, looks[0], looks[1])
  })

  test('a customer logs in through the form and lands on her portal', async ({ visit, assert }) => {
    const user = acme.users.find((candidate) => candidate.email === 'ann@acme.test')!
    const page = await visitBrand(visit, 'acme', '/portal/login')
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/portal'),
      submitLogin(page, user.email, DEMO_PASSWORD),
    ])

    await page.assertPath('/portal')
    assert.equal(new URL(page.url()).hostname, 'acme.localhost')
    const text = await page.locator('body').innerText()
    assert.isTrue(
      text.includes(user.email) || text.includes(user.fullName),
      `the portal should show ${user.email} or ${user.fullName}`
    )
    assert.include((await brandLook(page)).brandName, acme.name)
    assert.notInclude(text, 'Globex')
  })

  test('a wrong password keeps the visitor on the branded login page', async ({ visit, assert }) => {
    const page = await visitBrand(visit, 'globex', '/portal/login')
    await Promise.all([
      page.waitForNavigation(),
      submitLogin(page, 'gus@globex.test', 'not-the-password'),
    ])

    await page.assertPath('/portal/login')
    await page.assertVisible('[role=alert]')
    await page.assertInputValue('input[name=email]', 'gus@globex.test')
    assert.include((await brandLook(page)).brandName, globex.name)
    assert.notInclude(await page.locator('body').innerText(), 'Gus Example')
  })

  test('a login on one brand is no login on the other', async ({ visit, assert }) => {
    const page = await visitBrand(visit, 'acme', '/portal/login')
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/portal'),
      submitLogin(page, 'ann@acme.test', DEMO_PASSWORD),
    ])

    /** Same browser context (same cookie jar), the other brand's host: sent to its login. */
    const other = await visitBrand(visit, 'globex', '/portal')
    await other.assertPath('/portal/login')
    const text = await other.locator('body').innerText()
    assert.notInclude(text, 'ann@acme.test')
    assert.notInclude(text, 'Ann Example')
    assert.include((await brandLook(other)).brandName, globex.name)
  })
})
