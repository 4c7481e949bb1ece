import type { HttpContext } from '@adonisjs/core/http'
import invoices from '#services/invoices/invoice_service'
import { sendPdf } from '#controllers/pdf_response'
import { adminListInvoicesValidator } from '#validators/invoice'
import { notFound, renderAdmin } from './admin_page.js'

const PER_PAGE = 25

/** The brand's issued invoices for its staff (support staff included: reading only). */
export default class InvoicesController {
  /** A malformed query string falls back to the first page of every month rather than an error. */
  async index(ctx: HttpContext) {
    const [, query] = await adminListInvoicesValidator.tryValidate(ctx.request.qs())
    const period = query?.period ?? ''
    const page = await invoices.listForBrand(ctx.tenant, { page: query?.page ?? 1, perPage: PER_PAGE, period: period || undefined })
    return renderAdmin(ctx, 'invoices', { invoices: page.all(), meta: page.getMeta(), period })
  }

  async download(ctx: HttpContext) {
    const invoice = await invoices.findForBrand(ctx.tenant, ctx.params.id)
    if (!invoice) return notFound(ctx)
    const { body, filename } = await invoices.pdf(ctx.tenant, invoice)
    return sendPdf(ctx, body, filename)
  }
}
