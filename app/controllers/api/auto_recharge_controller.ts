import type { HttpContext } from '@adonisjs/core/http'
import { saveAutoRecharge } from '#services/payments/auto_recharge_settings'
import { serializeWallet } from '#services/money/wallet_presenter'
import { ok } from '#services/api_envelope'
import { autoRechargeValidator } from '#validators/payments'

/** The token holder's auto-recharge settings (threshold, amount, gateway of the saved method). */
export default class AutoRechargeController {
  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(autoRechargeValidator)
    const wallet = await saveAutoRecharge(ctx.tenant, ctx.auth.user!.id, input)
    return ok(serializeWallet(wallet).autoRecharge)
  }
}
