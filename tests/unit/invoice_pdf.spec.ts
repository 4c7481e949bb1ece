import { test } from '@japa/runner'
import PDFDocument from 'pdfkit'
import { DateTime } from 'luxon'
import Invoice from '#models/invoice'
import { loadLogo } from '#services/invoices/brand_logo'
import { drawSvgLogo } from '#services/invoices/svg_logo'
import { renderInvoicePdf } from '#services/invoices/invoice_pdf'
import { resolveBranding } from '#tenants/branding'
import { defaultConfig } from '#tenants/config/defaults'
import { pdfText } from '#tests/pdf_text'

/** A 1x1 PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
const box = { x: 50, y: 50, width: 170, height: 48 }

function anInvoice() {
  return new Invoice().merge({
    id: 7,
    userId: 1,
    walletId: 1,
    period: '2026-10',
    number: 'ACME-202610-000007',
    sequence: 7,
    currency: 'USD',
    openingBalanceMicros: 1_000_000,
    creditsMicros: 5_000_000,
    debitsMicros: 2_000_000,
    closingBalanceMicros: 4_000_000,
    totals: { recharge: { count: 1, creditsMicros: 5_000_000, debitsMicros: 0 }, number_renewal: { count: 1, creditsMicros: 0, debitsMicros: 2_000_000 } },
    issuer: { appName: 'Acme Voice', companyName: 'Acme Voice Company', legalEntity: 'Acme Voice Ltd', support: { email: null, phone: null, url: null } },
    customer: { email: 'ann@acme.test', fullName: null },
    createdAt: DateTime.fromISO('2026-11-01T00:00:00Z'),
  })
}

function branding(logoUrl: string | null) {
  const config = defaultConfig()
  config.branding.logoUrl = logoUrl
  return resolveBranding(config)
}

test.group('Invoice PDF: brand logos', () => {
  test('only files under public/ and data URLs are used', async ({ assert }) => {
    assert.isNull(await loadLogo(null))
    assert.isNull(await loadLogo('https://cdn.example.com/logo.png'), 'never fetched from another host')
    assert.isNull(await loadLogo('//cdn.example.com/logo.png'))
    assert.isNull(await loadLogo('/../package.json'))
    assert.isNull(await loadLogo('/%2e%2e/package.json'))
    assert.isNull(await loadLogo('/demo/missing-logo.png'))
    assert.equal((await loadLogo('/demo/acme-logo.svg'))?.kind, 'svg')
    const png = await loadLogo(`data:image/png;base64,${PNG_BASE64}`)
    assert.equal(png?.kind, 'image')
    const svg = await loadLogo(`data:image/svg+xml,${encodeURIComponent('<svg viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')}`)
    assert.equal(svg?.kind, 'svg')
  })

  test('a flat SVG is drawn; anything richer is refused before drawing', async ({ assert }) => {
    const doc = new PDFDocument()
    for (const url of ['/demo/acme-logo.svg', '/demo/globex-logo.svg']) {
      const logo = await loadLogo(url)
      assert.isTrue(drawSvgLogo(doc, logo!.kind === 'svg' ? logo!.markup : '', box), url)
    }
    const refused = [
      '<svg viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/></svg>',
      '<svg viewBox="0 0 10 10"><rect transform="rotate(4)" width="10" height="10"/></svg>',
      '<svg viewBox="0 0 10 10"><text x="1" y="8">A<tspan>B</tspan></text></svg>',
      '<svg><rect width="10" height="10"/></svg>',
      '<svg viewBox="0 0 10 10"><rect width="10" height="10" fill="rgb(1,2,3)"/></svg>',
      'not svg at all',
    ]
    for (const markup of refused) assert.isFalse(drawSvgLogo(doc, markup, box), markup)
  })

  test('a raster logo is embedded; with no usable logo the app name is printed', async ({ assert }) => {
    const withPng = await renderInvoicePdf(anInvoice(), branding(`data:image/png;base64,${PNG_BASE64}`), { compress: false })
    assert.include(withPng.toString('latin1'), '/Subtype /Image')
    assert.notInclude(pdfText(withPng).split('\n'), 'Acme Voice')
    const remote = await renderInvoicePdf(anInvoice(), branding('https://cdn.example.com/logo.png'), { compress: false })
    assert.notInclude(remote.toString('latin1'), '/Subtype /Image')
    assert.include(pdfText(remote).split('\n'), 'Acme Voice', 'the app name is drawn instead')
  })

  test('the same invoice renders the same bytes', async ({ assert }) => {
    const first = await renderInvoicePdf(anInvoice(), branding('/demo/acme-logo.svg'))
    const second = await renderInvoicePdf(anInvoice(), branding('/demo/acme-logo.svg'))
    assert.isTrue(first.equals(second))
    assert.equal(first.subarray(0, 5).toString(), '%PDF-')
  })
})
