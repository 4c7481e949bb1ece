import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import directory from '#services/user_directory'
import ledgerQueries from '#services/money/ledger_queries'
import walletAdmin from '#services/money/wallet_admin_service'
import { MoneyException } from '#services/money/errors'
import { adjustmentValidator, chargeRefundValidator, creditLimitValidator } from '#validators/wallet'
import { actor, authorizeChange, notFound, renderAdmin } from './admin_page.js'

/** A customer's wallet in the brand admin: history, manual adjustments, refunds, credit limit. */
export default class WalletsController {
  async show(ctx: HttpContext) {
    const user = await directory.find(ctx.tenant, ctx.params.id)
    if (!user) return notFound(ctx)
    const { wallet, holds } = await ledgerQueries.walletOf(ctx.tenant, user.id)
    const page = await ledgerQueries.entries(wallet, { page: Number(ctx.request.input('page')) || 1, perPage: 25 })
    return renderAdmin(ctx, 'wallet', { customer: user, wallet, holds, entries: page.all(), meta: page.getMeta() })
  }

  async adjust(ctx: HttpContext) {
    return this.#change(ctx, async (user) => {
      const { amount, reason } = await ctx.request.validateUsing(adjustmentValidator)
      await walletAdmin.adjust(ctx.tenant, user, amount, reason, actor(ctx))
      return `Adjusted by ${amount}.`
    })
  }

  async refund(ctx: HttpContext) {
    return this.#change(ctx, async (user) => {
      const { entryId, amount, reason } = await ctx.request.validateUsing(chargeRefundValidator)
      await walletAdmin.refundCharge(ctx.tenant, user, entryId, amount, reason, actor(ctx))
      return 'Refunded into the wallet.'
    })
  }

  async creditLimit(ctx: HttpContext) {
    return this.#change(ctx, async (user) => {
      const { creditLimit } = await ctx.request.validateUsing(creditLimitValidator)
      await walletAdmin.setCreditLimit(ctx.tenant, user, creditLimit)
      return `Credit limit set to ${creditLimit}.`
    })
  }

  /** Owners and admins only; a refused or invalid change flashes why and changes nothing. */
  async #change(ctx: HttpContext, work: (user: NonNullable<Awaited<ReturnType<typeof directory.find>>>) => Promise<string>) {
    await authorizeChange(ctx)
    const user = await directory.find(ctx.tenant, ctx.params.id)
    if (!user) return notFound(ctx)
    try {
      ctx.session.flash('success', await work(user))
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) ctx.session.flash('error', error.messages.map((m: any) => m.message).join(' '))
      else if (error instanceof MoneyException) ctx.session.flash('error', `${error.message}. Nothing was changed.`)
      else throw error
    }
    return ctx.response.redirect(`/admin/users/${user.id}/wallet`)
  }
}
