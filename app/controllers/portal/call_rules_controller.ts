import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { renderThemed } from '#controllers/render'
import callRuleService, { CallRuleException, FORWARDING_TYPES } from '#services/calls/call_rule_service'
import { RULE_LABELS, RULE_TYPES, TIME_ZONES, WEEKDAYS, ruleFromForm, scheduleFields } from '#services/calls/rule_form'
import { formatE164 } from '#services/phone'
import { createCallRuleValidator, updateCallRuleValidator } from '#validators/call_rules'

/**
 * The portal's rules editor for one of the user's numbers: list, add, edit, delete and reorder.
 * :id is a phone_numbers row of the signed-in user, :ruleId a call_rules row of that number.
 */
export default class CallRulesController {
  async index(ctx: HttpContext) {
    const { number, rules } = await callRuleService.list(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    const types = RULE_TYPES.filter((type) => ctx.tenant.features.call_forwarding || !FORWARDING_TYPES.includes(type))
    return renderThemed(ctx, 'pages/portal/calls/rules', {
      number,
      numberLabel: formatE164(number.e164),
      rules: rules.map((rule) => ({ rule, label: RULE_LABELS[rule.type], schedule: scheduleFields(rule.schedule) })),
      types: types.map((type) => ({ value: type, label: RULE_LABELS[type] })),
      labels: RULE_LABELS,
      weekdays: WEEKDAYS,
      timeZones: TIME_ZONES,
      blank: scheduleFields(null),
    })
  }

  async store(ctx: HttpContext) {
    await callRuleService.assertOwned(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    return this.#save(ctx, 'Rule added.', async () => {
      const input = await createCallRuleValidator.validate(ruleFromForm(ctx.request.all()))
      await callRuleService.create(ctx.tenant, ctx.auth.user!.id, ctx.params.id, input)
    })
  }

  async update(ctx: HttpContext) {
    await callRuleService.assertOwned(ctx.tenant, ctx.auth.user!.id, ctx.params.id, ctx.params.ruleId)
    return this.#save(ctx, 'Rule saved.', async () => {
      const input = await updateCallRuleValidator.validate(ruleFromForm(ctx.request.all()))
      await callRuleService.update(ctx.tenant, ctx.auth.user!.id, ctx.params.id, ctx.params.ruleId, input)
    })
  }

  async destroy(ctx: HttpContext) {
    await callRuleService.destroy(ctx.tenant, ctx.auth.user!.id, ctx.params.id, ctx.params.ruleId)
    ctx.session.flash('success', 'Rule deleted.')
    return ctx.response.redirect(`/portal/numbers/${ctx.params.id}/rules`)
  }

  async move(ctx: HttpContext) {
    const direction = ctx.request.input('direction') === 'up' ? 'up' : 'down'
    await callRuleService.move(ctx.tenant, ctx.auth.user!.id, ctx.params.id, ctx.params.ruleId, direction)
    return ctx.response.redirect(`/portal/numbers/${ctx.params.id}/rules`)
  }

  /** Saves, or sends the user back with what was wrong; a refused rule changes nothing. */
  async #save(ctx: HttpContext, done: string, work: () => Promise<void>) {
    try {
      await work()
      ctx.session.flash('success', done)
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        ctx.session.flash('error', error.messages.map((m: any) => m.message).join(' '))
      } else if (error instanceof CallRuleException) {
        ctx.session.flash('error', error.message)
      } else throw error
    }
    return ctx.response.redirect(`/portal/numbers/${ctx.params.id}/rules`)
  }
}
