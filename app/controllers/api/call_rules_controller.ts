import type { HttpContext } from '@adonisjs/core/http'
import callRuleService, { serializeRule } from '#services/calls/call_rule_service'
import { ok } from '#services/api_envelope'
import { createCallRuleValidator, updateCallRuleValidator } from '#validators/call_rules'

/**
 * Call rules of one of the token holder's numbers. :id is a phone_numbers row of the user's,
 * :ruleId a call_rules row of that number; anything else is a 404.
 */
export default class CallRulesController {
  async index(ctx: HttpContext) {
    const { rules } = await callRuleService.list(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    return ok(rules.map(serializeRule))
  }

  async store(ctx: HttpContext) {
    await callRuleService.assertOwned(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    const input = await ctx.request.validateUsing(createCallRuleValidator)
    const rule = await callRuleService.create(ctx.tenant, ctx.auth.user!.id, ctx.params.id, input)
    ctx.response.status(201)
    return ok(serializeRule(rule))
  }

  async update(ctx: HttpContext) {
    await callRuleService.assertOwned(ctx.tenant, ctx.auth.user!.id, ctx.params.id, ctx.params.ruleId)
    const input = await ctx.request.validateUsing(updateCallRuleValidator)
    const rule = await callRuleService.update(ctx.tenant, ctx.auth.user!.id, ctx.params.id, ctx.params.ruleId, input)
    return ok(serializeRule(rule))
  }

  async destroy(ctx: HttpContext) {
    await callRuleService.destroy(ctx.tenant, ctx.auth.user!.id, ctx.params.id, ctx.params.ruleId)
    return ctx.response.noContent()
  }
}
