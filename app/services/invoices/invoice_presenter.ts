import type Invoice from '#models/invoice'
import { money } from '#services/money/wallet_presenter'

/** An invoice as its owner sees it through the API, with a line per ledger category. */
export function serializeInvoice(invoice: Invoice) {
  const c = invoice.currency
  return {
    id: invoice.id,
    number: invoice.number,
    period: invoice.period,
    currency: c,
    openingBalance: money(invoice.openingBalanceMicros, c),
    credits: money(invoice.creditsMicros, c),
    debits: money(invoice.debitsMicros, c),
    closingBalance: money(invoice.closingBalanceMicros, c),
    lines: Object.entries(invoice.totals).map(([category, total]) => ({
      category,
      count: total!.count,
      credits: money(total!.creditsMicros, c),
      debits: money(total!.debitsMicros, c),
    })),
    issuer: { legalEntity: invoice.issuer.legalEntity, companyName: invoice.issuer.companyName },
    issuedAt: invoice.createdAt.toISO(),
    downloadUrl: `/api/v1/invoices/${invoice.id}/download`,
  }
}
