import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import ledgerQueries from '#services/money/ledger_queries'
import invoiceService from '#services/invoices/invoice_service'
import { listTransactionsValidator } from '#validators/wallet'

/** The portal wallet: balance, money on hold, history; recharge and invoices hang off it. */
export default class WalletController {
  async show(ctx: HttpContext) {
    const [, filters] = await listTransactionsValidator.tryValidate(ctx.request.qs())
    const { wallet, holds } = await ledgerQueries.walletOf(ctx.tenant, ctx.auth.user!.id)
    const page = await ledgerQueries.entries(wallet, { ...(filters ?? {}), perPage: 20 })
    const invoices = await invoiceService.listForUser(ctx.tenant, ctx.auth.user!.id, 1, 6)
    return renderThemed(ctx, 'pages/portal/wallet/index', {
      wallet,
      holds,
      entries: page.all(),
      meta: page.getMeta(),
      category: filters?.category ?? '',
      payments: ctx.tenant.config.payments,
      invoices: invoices.all(),
    })
  }
}
