/// <reference lib="dom" />
/**
 * The branding editor in a real browser: an Acme admin logs in through the form, changes the
 * primary color and name, watches the live preview follow before saving, saves, and the
 * brand's own site wears the new color. Acme's branding is put back afterwards.
 */
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import tenancy from '#tenants/main'
import Tenant from '#models/tenant'
import { acrossAllTenants } from '#tenants/context'
import { brandLook, hexToRgb, submitLogin, visitBrand, DEMO_PASSWORD } from './helpers.js'

const NEW_PRIMARY = '#118833'

/** A custom property as the preview pane computes it. */
function previewToken(page: Page, name: string) {
  return page.evaluate((property) => {
    const preview = document.querySelector('[data-branding-preview]')!
    return getComputedStyle(preview).getPropertyValue(property).trim()
  }, name)
}

test.group('Branding editor in the browser', () => {
  test('the live preview follows the form, and saving re-themes the site', async ({ visit, assert, cleanup }) => {
    const acme = await acrossAllTenants('branding editor spec', () => Tenant.findByOrFail('slug', 'acme'))
    const { document } = await tenancy.configs.current(acme)
    cleanup(async () => {
      await tenancy.configs.update(acme, { branding: { appName: document.branding.appName, colors: document.branding.colors } }, 'branding editor spec restore')
    })

    const login = await visitBrand(visit, 'acme', '/portal/login')
    await submitLogin(login, 'admin@acme.test', DEMO_PASSWORD)
    await login.waitForURL(/\/admin$/)

    const page = await visitBrand(visit, 'acme', '/admin/branding')
    assert.equal(await previewToken(page, '--bl-primary'), document.branding.colors.primary)
    assert.equal(await page.locator('[data-branding-preview] .preview-hero [data-preview-name]').innerText(), 'Acme Voice')

    await page.locator('input[data-color="primary"]').fill(NEW_PRIMARY)
    await page.locator('input[name="branding.appName"]').fill('Acme Voice Live')
    assert.equal(await previewToken(page, '--bl-primary'), NEW_PRIMARY)
    assert.equal(await page.locator('[data-branding-preview] .preview-hero [data-preview-name]').innerText(), 'Acme Voice Live')
    const previewButton = page.locator('[data-branding-preview] [data-preview-button]')
    assert.equal(await previewButton.evaluate((node) => getComputedStyle(node).backgroundColor), hexToRgb(NEW_PRIMARY))
    assert.isFalse(await page.locator('input[name="themeDefault.primary"]').isChecked())

    await page.locator('input[name="themeDefault.accent"]').uncheck()
    await page.locator('input[data-color="accent"]').fill('#ff00aa')
    assert.equal(await previewToken(page, '--bl-accent'), '#ff00aa')
    await page.locator('input[name="themeDefault.accent"]').check()
    assert.equal(await previewToken(page, '--bl-accent'), '#f59e0b', 'back to the classic theme\'s accent')

    const logoUrl = page.locator('input[name="branding.logoUrl"]')
    await logoUrl.fill('')
    assert.isTrue(await page.locator('[data-branding-preview] [data-preview-mark]').isVisible())
    assert.isFalse(await page.locator('[data-branding-preview] [data-preview-logo]').isVisible())
    assert.equal(await page.locator('[data-branding-preview] [data-preview-mark]').innerText(), 'A')
    await logoUrl.fill(document.branding.logoUrl!)
    assert.isTrue(await page.locator('[data-branding-preview] [data-preview-logo]').isVisible())

    await page.locator('input[value="midnight"]').check()
    assert.equal(await previewToken(page, '--bl-bg'), '#0b1020', 'the preview wears the chosen theme')
    await page.locator('input[value="classic"]').check()
    const site = await visitBrand(visit, 'acme', '/')
    assert.equal((await brandLook(site)).primary.toLowerCase(), document.branding.colors.primary, 'nothing saved yet')

    await page.locator('[data-save]').click()
    await page.waitForURL(/\/admin\/branding$/)
    assert.include(await page.locator('.flash-success').innerText(), 'Saved.')

    let look = await brandLook(site)
    for (let attempt = 0; attempt < 50 && look.primary.toLowerCase() !== NEW_PRIMARY; attempt++) {
      await site.waitForTimeout(100)
      await site.reload()
      look = await brandLook(site)
    }
    assert.equal(look.primary.toLowerCase(), NEW_PRIMARY)
    assert.equal(look.buttonBackground, hexToRgb(NEW_PRIMARY))
    assert.include(look.brandName, 'Acme Voice Live')
  })
})
