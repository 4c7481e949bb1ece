import type { HttpContext } from '@adonisjs/core/http'
import ledgerQueries from '#services/money/ledger_queries'
import { ok } from '#services/api_envelope'
import { serializeEntry, serializeWallet } from '#services/money/wallet_presenter'
import { listTransactionsValidator } from '#validators/wallet'

/** The token holder's wallet and its ledger. */
export default class WalletController {
  async show(ctx: HttpContext) {
    const { wallet, holds } = await ledgerQueries.walletOf(ctx.tenant, ctx.auth.user!.id)
    return ok(serializeWallet(wallet, holds))
  }

  async transactions(ctx: HttpContext) {
    const filters = await listTransactionsValidator.validate(ctx.request.qs())
    const { wallet } = await ledgerQueries.walletOf(ctx.tenant, ctx.auth.user!.id)
    const page = await ledgerQueries.entries(wallet, filters)
    const meta = page.getMeta()
    return ok(page.all().map(serializeEntry), { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }
}
