import PDFDocument from 'pdfkit'
import { DateTime } from 'luxon'
import type Invoice from '#models/invoice'
import type { LedgerCategory } from '#models/ledger_entry'
import { formatMicros } from '#services/money'
import { loadLogo } from '#services/invoices/brand_logo'
import { drawSvgLogo } from '#services/invoices/svg_logo'
import type { ResolvedBranding } from '#tenants/branding'

const CATEGORY_LABELS: Record<LedgerCategory, string> = {
  recharge: 'Wallet top-ups',
  call: 'Calls',
  sms: 'Text messages (SMS)',
  mms: 'Picture messages (MMS)',
  number_purchase: 'Number purchases',
  number_renewal: 'Number renewals',
  porting: 'Number porting',
  adjustment: 'Adjustments',
}

const PAGE = { margin: 50, width: 595.28, height: 841.89 }
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin
const INK = '#1f2937'
const MUTED = '#6b7280'
const RULE = '#d1d5db'

export interface PdfOptions {
  /** Compressed streams (the default) keep files small; tests may turn it off to read the text. */
  compress?: boolean
}

/**
 * A monthly statement as a PDF, branded with the brand's logo and colour and issued in the
 * name of the legal entity recorded on the invoice. The output depends only on the invoice
 * and the branding (the PDF's date is the invoice's), so the same invoice renders the same.
 */
export async function renderInvoicePdf(invoice: Invoice, branding: ResolvedBranding, options: PdfOptions = {}) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    compress: options.compress ?? true,
    info: {
      Title: `Statement ${invoice.number}`,
      Author: invoice.issuer.legalEntity,
      Subject: `${invoice.issuer.appName} statement for ${invoice.period}`,
      Producer: 'Brandline',
      Creator: 'Brandline',
      CreationDate: invoice.createdAt.toJSDate(),
    },
  })
  const done = collect(doc)
  const accent = branding.tokens.colors.primary
  await header(doc, invoice, branding, accent)
  parties(doc, invoice)
  summary(doc, invoice, accent)
  categories(doc, invoice, accent)
  footer(doc, invoice)
  doc.end()
  return done
}

function collect(doc: PDFKit.PDFDocument) {
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

const money = (invoice: Invoice, micros: number) => formatMicros(micros, invoice.currency)
const periodLabel = (period: string) => DateTime.fromISO(`${period}-01`, { zone: 'utc' }).toFormat('LLLL yyyy')

/** Logo (or the app name in the brand colour) on the left, the statement's identity on the right. */
async function header(doc: PDFKit.PDFDocument, invoice: Invoice, branding: ResolvedBranding, accent: string) {
  const top = PAGE.margin
  const box = { x: PAGE.margin, y: top, width: 170, height: 48 }
  const logo = await loadLogo(branding.logoUrl)
  let drawn = false
  if (logo?.kind === 'image') {
    try {
      doc.image(logo.data, box.x, box.y, { fit: [box.width, box.height] })
      drawn = true
    } catch {
      drawn = false
    }
  } else if (logo?.kind === 'svg') {
    drawn = drawSvgLogo(doc, logo.markup, box)
  }
  if (!drawn) {
    doc.font('Helvetica-Bold').fontSize(22).fillColor(accent)
    doc.text(invoice.issuer.appName, box.x, box.y + 10, { width: 240, lineBreak: false, ellipsis: true })
  }
  const right = { x: PAGE.margin + CONTENT_WIDTH - 240, width: 240 }
  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text('Statement', right.x, top, { ...right, align: 'right' })
  doc.font('Helvetica').fontSize(10).fillColor(MUTED)
  doc.text(`Invoice no. ${invoice.number}`, right.x, top + 26, { ...right, align: 'right' })
  doc.text(`Period: ${periodLabel(invoice.period)}`, { ...right, align: 'right' })
  doc.text(`Issued: ${invoice.createdAt.toUTC().toFormat('d LLLL yyyy')}`, { ...right, align: 'right' })
  doc.moveTo(PAGE.margin, top + 72).lineTo(PAGE.margin + CONTENT_WIDTH, top + 72).lineWidth(2).stroke(accent)
}

/** Issuer (legal entity and support contacts) and customer, side by side. */
function parties(doc: PDFKit.PDFDocument, invoice: Invoice) {
  const top = PAGE.margin + 88
  const half = CONTENT_WIDTH / 2
  const { issuer, customer } = invoice
  const contacts = [issuer.support.email, issuer.support.phone, issuer.support.url].filter(Boolean) as string[]
  block(doc, 'From', [issuer.legalEntity, ...(issuer.companyName !== issuer.legalEntity ? [issuer.companyName] : []), ...contacts], PAGE.margin, top, half - 20)
  block(doc, 'Statement for', [customer.fullName ?? customer.email, ...(customer.fullName ? [customer.email] : [])], PAGE.margin + half, top, half)
  doc.x = PAGE.margin
  doc.y = Math.max(doc.y, top + 90)
}

function block(doc: PDFKit.PDFDocument, title: string, lines: string[], x: number, y: number, width: number) {
  doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED).text(title.toUpperCase(), x, y, { width, characterSpacing: 0.5 })
  doc.moveDown(0.3)
  const [first, ...rest] = lines
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(first, { width })
  doc.font('Helvetica').fontSize(10)
  for (const line of rest) doc.text(line, { width })
}

/** Table look shared by both tables: a header row in the brand colour, hairlines between rows. Cells use the document's current font. */
function tableStyle(accent: string, columnStyles: PDFKit.Mixins.TableOptions['columnStyles']): PDFKit.Mixins.TableOptions {
  return {
    columnStyles,
    defaultStyle: { border: [0, 0, 0.5, 0], borderColor: RULE, padding: [6, 8, 6, 8] } as any,
    rowStyles: (row) => (row === 0 ? { backgroundColor: accent, textColor: '#ffffff', border: [0, 0, 0, 0] } : undefined),
  }
}

const right = { align: { x: 'right' as const } }
const bold = (text: string, extra: Record<string, unknown> = {}) => ({ text, font: { src: 'Helvetica-Bold' }, ...extra })

/** Opening balance, what came in, what went out, closing balance. */
function summary(doc: PDFKit.PDFDocument, invoice: Invoice, accent: string) {
  heading(doc, 'Summary')
  doc.table({
    ...tableStyle(accent, [{ width: '*' }, { width: '*', ...right }, { width: '*', ...right }, { width: '*', ...right }]),
    data: [
      ['Opening balance', 'Credits', 'Debits', 'Closing balance'].map((text) => bold(text)),
      [
        { text: money(invoice, invoice.openingBalanceMicros) },
        { text: `+ ${money(invoice, invoice.creditsMicros)}` },
        { text: `- ${money(invoice, invoice.debitsMicros)}` },
        bold(money(invoice, invoice.closingBalanceMicros)),
      ],
    ],
  })
}

/** One line per ledger category, with the number of entries, and the totals. */
function categories(doc: PDFKit.PDFDocument, invoice: Invoice, accent: string) {
  heading(doc, 'Activity')
  const entries = Object.entries(invoice.totals) as [LedgerCategory, NonNullable<Invoice['totals'][LedgerCategory]>][]
  const amount = (micros: number) => (micros ? money(invoice, micros) : '')
  const rows = entries.map(([category, total]) => [
    CATEGORY_LABELS[category] ?? category,
    String(total.count),
    amount(total.creditsMicros),
    amount(total.debitsMicros),
  ])
  if (rows.length === 0) rows.push(['No activity this month', '', '', ''])
  const count = entries.reduce((sum, [, total]) => sum + total.count, 0)
  const totals = ['Total', String(count), money(invoice, invoice.creditsMicros), money(invoice, invoice.debitsMicros)]
  doc.table({
    ...tableStyle(accent, [{ width: '*' }, { width: 70, ...right }, { width: 110, ...right }, { width: 110, ...right }]),
    data: [
      ['Category', 'Entries', 'Credits', 'Debits'].map((text) => bold(text)),
      ...rows.map((row) => row.map((text) => ({ text }))),
      totals.map((text) => bold(text, { border: [1, 0, 1, 0], borderColor: INK })),
    ],
  })
  doc.moveDown(1)
  doc.font('Helvetica').fontSize(9).fillColor(MUTED)
  doc.text(
    `Closing balance = opening balance + credits - debits. Amounts in ${invoice.currency}. ` +
      `Money reserved for calls in progress is not shown; only money that moved.`,
    PAGE.margin,
    doc.y,
    { width: CONTENT_WIDTH }
  )
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(1.2)
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(text, PAGE.margin, doc.y, { width: CONTENT_WIDTH })
  doc.moveDown(0.4)
  doc.font('Helvetica').fontSize(10)
}

function footer(doc: PDFKit.PDFDocument, invoice: Invoice) {
  const y = PAGE.height - PAGE.margin - 12
  doc.moveTo(PAGE.margin, y - 8).lineTo(PAGE.margin + CONTENT_WIDTH, y - 8).lineWidth(0.5).stroke(RULE)
  doc.font('Helvetica').fontSize(8).fillColor(MUTED)
  doc.text(`${invoice.issuer.legalEntity} · ${invoice.issuer.appName} · ${invoice.number}`, PAGE.margin, y, {
    width: CONTENT_WIDTH,
    align: 'center',
    lineBreak: false,
  })
}
