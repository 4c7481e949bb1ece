import type { HttpContext } from '@adonisjs/core/http'
import directory from '#services/user_directory'
import ledgerQueries from '#services/money/ledger_queries'
import walletAdmin from '#services/money/wallet_admin_service'
import { ok, sendError } from '#services/api_envelope'
import { serializeEntry, serializeWallet } from '#services/money/wallet_presenter'
import { adjustmentValidator, chargeRefundValidator, creditLimitValidator, listTransactionsValidator } from '#validators/wallet'
import { manageTenant } from '#abilities/main'
import type User from '#models/user'

/** A customer's wallet for the brand's staff: look (support too), adjust and refund (owners, admins). */
export default class AdminWalletsController {
  async show(ctx: HttpContext) {
    const user = await this.#user(ctx)
    if (!user) return sendError(ctx, 404, 'NOT_FOUND', 'No such user')
    const filters = await listTransactionsValidator.validate(ctx.request.qs())
    const { wallet, holds } = await ledgerQueries.walletOf(ctx.tenant, user.id)
    const page = await ledgerQueries.entries(wallet, filters)
    return ok({ ...serializeWallet(wallet, holds), transactions: page.all().map(serializeEntry) }, { total: page.getMeta().total })
  }

  async adjust(ctx: HttpContext) {
    const user = await this.#user(ctx)
    if (!user) return sendError(ctx, 404, 'NOT_FOUND', 'No such user')
    await ctx.bouncer.authorize(manageTenant)
    const { amount, reason } = await ctx.request.validateUsing(adjustmentValidator)
    const entry = await walletAdmin.adjust(ctx.tenant, user, amount, reason, ctx.auth.user as User)
    return ctx.response.created(ok(serializeEntry(entry)))
  }

  async refundCharge(ctx: HttpContext) {
    const user = await this.#user(ctx)
    if (!user) return sendError(ctx, 404, 'NOT_FOUND', 'No such user')
    await ctx.bouncer.authorize(manageTenant)
    const { entryId, amount, reason } = await ctx.request.validateUsing(chargeRefundValidator)
    const entry = await walletAdmin.refundCharge(ctx.tenant, user, entryId, amount, reason, ctx.auth.user as User)
    return ctx.response.created(ok(serializeEntry(entry)))
  }

  async creditLimit(ctx: HttpContext) {
    const user = await this.#user(ctx)
    if (!user) return sendError(ctx, 404, 'NOT_FOUND', 'No such user')
    await ctx.bouncer.authorize(manageTenant)
    const { creditLimit } = await ctx.request.validateUsing(creditLimitValidator)
    return ok(serializeWallet(await walletAdmin.setCreditLimit(ctx.tenant, user, creditLimit)))
  }

  #user(ctx: HttpContext) {
    return directory.find(ctx.tenant, ctx.params.id)
  }
}
