import { test } from '@japa/runner'
import tenancy from '#tenants/main'
import type { TenantConfig } from '#tenants/config/defaults'
import { brand, eventually, throwawayBrand, userOf } from './admin_helpers.js'

/** What the branding editor posts for a saved document, as a browser sends it (dotted names). */
function brandingForm(document: TenantConfig, changes: Record<string, string | undefined> = {}) {
  const b = document.branding
  const fields: Record<string, string | undefined> = {
    'theme': document.theme,
    'branding.appName': b.appName,
    'branding.companyName': b.companyName,
    'branding.legalEntity': b.legalEntity,
    'branding.logoUrl': b.logoUrl ?? '',
    'branding.iconUrl': b.iconUrl ?? '',
    'branding.faviconUrl': b.faviconUrl ?? '',
    'branding.fonts.heading': b.fonts.heading ?? '',
    'branding.fonts.body': b.fonts.body ?? '',
    'branding.mode': b.mode,
    'branding.poweredBy': b.poweredBy ? '1' : undefined,
  }
  for (const [name, value] of Object.entries(b.colors)) {
    fields[`branding.colors.${name}`] = value ?? '#000000'
    fields[`themeDefault.${name}`] = value === null ? '1' : undefined
  }
  return Object.fromEntries(Object.entries({ ...fields, ...changes }).filter(([, value]) => value !== undefined))
}

test.group('Admin: branding editor', () => {
  test('the editor shows the saved branding, every theme and a live preview pane', async ({ client, assert }) => {
    const owner = await userOf('acme', 'admin@acme.test')
    const response = await client.get('/admin/branding').header('host', 'acme.localhost').withGuard('web').loginAs(owner)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'name="branding.appName" type="text" value="Acme Voice"')
    assert.include(html, 'name="branding.colors.primary" value="#e4572e"')
    assert.match(html, /name="themeDefault.accent" value="1" data-theme-default="accent" checked/)
    assert.include(html, 'value="classic"')
    assert.include(html, 'value="midnight"')
    assert.include(html, 'data-branding-preview')
    assert.include(html, '--bl-primary: #e4572e;')
    assert.include(html, '<script src="/js/admin/branding_preview.js" defer></script>')
  })

  test('saving changes the brand\'s own site at once and leaves Globex alone', async ({ client, assert, cleanup }) => {
    const acme = await brand('acme')
    const before = await tenancy.configs.current(acme)
    cleanup(async () => {
      await tenancy.configs.update(acme, { theme: before.document.theme, branding: before.document.branding }, 'admin spec restore')
    })
    const globexLanding = (await client.get('/').header('host', 'globex.localhost')).text()
    const owner = await userOf('acme', 'admin@acme.test')

    const response = await client
      .put('/admin/branding')
      .header('host', 'acme.localhost')
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form(brandingForm(before.document, { 'branding.appName': 'Acme Voice Pro', 'branding.colors.primary': '#123456' }))
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/branding')
    response.assertFlashMessage('success', `Saved. Version ${before.version + 1} is live.`)

    const updated = await eventually(async () => {
      const landing = (await client.get('/').header('host', 'acme.localhost')).text()
      return landing.includes('Acme Voice Pro') && landing.includes('--bl-primary: #123456;')
    })
    assert.isTrue(updated, 'the landing page shows the new name and color')
    const saved = await tenancy.configs.current(acme)
    assert.equal(saved.document.branding.colors.primary, '#123456')
    assert.equal(saved.document.branding.colors.secondary, '#17324d')
    assert.isNull(saved.document.branding.colors.accent)
    assert.equal((await client.get('/').header('host', 'globex.localhost')).text(), globexLanding)
  })

  test('an invalid color is refused with the field named, and nothing is saved', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Color Voice')
    const before = await tenancy.configs.current(tenant)
    const response = await client
      .put('/admin/branding')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form(
        brandingForm(before.document, {
          'branding.appName': 'Typed Name',
          'branding.colors.primary': 'not-a-color',
          'themeDefault.primary': undefined,
        })
      )
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/branding')
    const errors = response.flashMessage('inputErrorsBag') as Record<string, string[]>
    assert.deepEqual(Object.keys(errors), ['branding.colors.primary'])
    assert.lengthOf(errors['branding.colors.primary'], 1)
    assert.match(errors['branding.colors.primary'][0], /^The primary field must be a valid hex/)
    assert.equal((await tenancy.configs.current(tenant)).version, before.version)

    const form = await client
      .get('/admin/branding')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withFlashMessages(response.flashMessages())
    const html = form.text()
    assert.include(html, 'data-form-errors')
    assert.match(html, /<p class="field-error" data-error-for="branding.colors.primary">[^<]*primary[^<]*<\/p>/)
    assert.include(html, 'value="Typed Name"', 'what the admin typed is kept')
  })

  test('a color can go back to the theme default, and the theme can change', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Theme Voice', { branding: { colors: { primary: '#aa0000' } } })
    const before = await tenancy.configs.current(tenant)
    const response = await client
      .put('/admin/branding')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.admin)
      .withCsrfToken()
      .form(brandingForm(before.document, { 'theme': 'midnight', 'themeDefault.primary': '1', 'branding.poweredBy': '1' }))
      .redirects(0)
    response.assertFlashMessage('success', `Saved. Version ${before.version + 1} is live.`)
    const saved = await tenancy.configs.current(tenant)
    assert.equal(saved.document.theme, 'midnight')
    assert.isNull(saved.document.branding.colors.primary)
    assert.isTrue(saved.document.branding.poweredBy)
    const themed = await eventually(async () => {
      const landing = (await client.get('/').header('host', host)).text()
      return landing.includes('data-theme="midnight"') && landing.includes('--bl-primary: #8b5cf6;')
    })
    assert.isTrue(themed, 'the landing page wears the midnight theme and its own primary color')
  })
})
