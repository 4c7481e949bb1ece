import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import { sendPdf } from '#controllers/pdf_response'
import invoices from '#services/invoices/invoice_service'
import { listInvoicesValidator } from '#validators/invoice'

const PER_PAGE = 24

/** The signed-in user's monthly invoices in the portal, and their PDFs. */
export default class InvoicesController {
  /** A malformed page number falls back to the first page rather than an error. */
  async index(ctx: HttpContext) {
    const [, query] = await listInvoicesValidator.tryValidate(ctx.request.qs())
    const page = await invoices.listForUser(ctx.tenant, ctx.auth.user!.id, query?.page ?? 1, PER_PAGE)
    return renderThemed(ctx, 'pages/portal/invoices', { invoices: page.all(), meta: page.getMeta() })
  }

  /** Another user's (or brand's) invoice looks exactly like one that does not exist. */
  async download(ctx: HttpContext) {
    const invoice = await invoices.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!invoice) {
      ctx.response.status(404)
      return ctx.view.render('pages/errors/not_found')
    }
    const { body, filename } = await invoices.pdf(ctx.tenant, invoice)
    return sendPdf(ctx, body, filename)
  }
}
