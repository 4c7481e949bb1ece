import type { HttpContext } from '@adonisjs/core/http'
import invoices from '#services/invoices/invoice_service'
import { serializeInvoice } from '#services/invoices/invoice_presenter'
import { ok, sendError } from '#services/api_envelope'
import { sendPdf } from '#controllers/pdf_response'
import { listInvoicesValidator } from '#validators/invoice'

/** The token holder's monthly invoices: list, show, download as PDF. Anyone else's id is a 404. */
export default class InvoicesController {
  async index(ctx: HttpContext) {
    const { page, perPage } = await listInvoicesValidator.validate(ctx.request.qs())
    const result = await invoices.listForUser(ctx.tenant, ctx.auth.user!.id, page, perPage)
    const meta = result.getMeta()
    return ok(result.all().map(serializeInvoice), { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  async show(ctx: HttpContext) {
    const invoice = await invoices.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!invoice) return sendError(ctx, 404, 'NOT_FOUND', 'No such invoice')
    return ok(serializeInvoice(invoice))
  }

  async download(ctx: HttpContext) {
    const invoice = await invoices.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!invoice) return sendError(ctx, 404, 'NOT_FOUND', 'No such invoice')
    const { body, filename } = await invoices.pdf(ctx.tenant, invoice)
    return sendPdf(ctx, body, filename)
  }
}
