import { Exception } from '@adonisjs/core/exceptions'
import db from '@adonisjs/lucid/services/db'
import CallRule, { RULE_TYPES, type RuleSchedule, type RuleType } from '#models/call_rule'
import PhoneNumber from '#models/phone_number'
import type { FieldError } from '#services/api_envelope'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { destinationRefusal } from './route_targets.js'

/** Rules one number may have. */
export const RULES_PER_NUMBER = 20
export const FORWARDING_TYPES: RuleType[] = ['forward_always', 'forward_busy', 'forward_unreachable', 'forward_no_answer']

export interface RuleInput {
  type?: RuleType
  priority?: number
  enabled?: boolean
  target?: string | null
  timeoutSeconds?: number | null
  schedule?: (Omit<RuleSchedule, 'holidays'> & { holidays?: string[] }) | null
}

/** A rule that cannot work as asked (422, naming the field), or one the brand's features forbid (403). */
export class CallRuleException extends Exception {
  readonly fields?: FieldError[]

  constructor(message: string, options: { field?: string; status?: number; code?: string } = {}) {
    super(message, { status: options.status ?? 422, code: options.code ?? 'VALIDATION_FAILED' })
    if (options.field) this.fields = [{ field: options.field, message }]
  }
}

/**
 * A user's call rules, per number. Every method takes the tenant and the user, so another
 * user's or brand's number or rule is simply not found (404). A rule is saved only whole and
 * consistent: a forward needs an allowed target that is not the number itself, a schedule
 * needs its hours, and forwarding needs the brand's call_forwarding feature.
 */
export class CallRuleService {
  /**
   * Throws not-found (404) unless the number, and the rule when given, are the user's: checked
   * before the body is read, so a foreign id is a 404 whatever was sent.
   */
  assertOwned(tenant: TenantSnapshot, userId: number, numberId: number, ruleId?: number) {
    return runForTenant(tenant, () => (ruleId === undefined ? ownNumber(userId, numberId) : ownRule(userId, numberId, ruleId)))
  }

  /** The number (the user's) and its rules in the order they are tried. */
  list(tenant: TenantSnapshot, userId: number, numberId: number) {
    return runForTenant(tenant, async () => {
      const number = await ownNumber(userId, numberId)
      return { number, rules: await rulesOf(number.id) }
    })
  }

  create(tenant: TenantSnapshot, userId: number, numberId: number, input: RuleInput & { type: RuleType }) {
    return runForTenant(tenant, () =>
      db.transaction(async (trx) => {
        const number = await PhoneNumber.query({ client: trx }).where('id', numberId).where('user_id', userId).forUpdate().firstOrFail()
        const count = await CallRule.query({ client: trx }).where('phone_number_id', number.id).count('* as total')
        if (Number(count[0].$extras.total) >= RULES_PER_NUMBER) {
          throw new CallRuleException(`A number can have up to ${RULES_PER_NUMBER} rules`, { field: 'type' })
        }
        const values = consistent(tenant, number, { enabled: true, priority: defaultPriority(input.type), ...input })
        return CallRule.create({ ...values, userId, phoneNumberId: number.id }, { client: trx })
      })
    )
  }

  update(tenant: TenantSnapshot, userId: number, numberId: number, ruleId: number, input: RuleInput) {
    return runForTenant(tenant, async () => {
      const { number, rule } = await ownRule(userId, numberId, ruleId)
      rule.merge(consistent(tenant, number, withoutUndefined(input, pick(rule))))
      return rule.save()
    })
  }

  destroy(tenant: TenantSnapshot, userId: number, numberId: number, ruleId: number) {
    return runForTenant(tenant, async () => {
      const { rule } = await ownRule(userId, numberId, ruleId)
      await rule.delete()
    })
  }

  /** Moves a rule one place earlier or later, renumbering the number's rules 10, 20, 30... */
  move(tenant: TenantSnapshot, userId: number, numberId: number, ruleId: number, direction: 'up' | 'down') {
    return runForTenant(tenant, async () => {
      const { number } = await ownRule(userId, numberId, ruleId)
      const rules = await rulesOf(number.id)
      const at = rules.findIndex((rule) => rule.id === ruleId)
      const to = direction === 'up' ? at - 1 : at + 1
      if (to >= 0 && to < rules.length) [rules[at], rules[to]] = [rules[to], rules[at]]
      for (const [index, rule] of rules.entries()) {
        if (rule.priority !== (index + 1) * 10) await rule.merge({ priority: (index + 1) * 10 }).save()
      }
      return rules
    })
  }
}

function ownNumber(userId: number, numberId: number) {
  return PhoneNumber.query().where('id', numberId).where('user_id', userId).firstOrFail()
}

async function ownRule(userId: number, numberId: number, ruleId: number) {
  const number = await ownNumber(userId, numberId)
  const rule = await CallRule.query().where('id', ruleId).where('phone_number_id', number.id).firstOrFail()
  return { number, rule }
}

function rulesOf(numberId: number) {
  return CallRule.query().where('phone_number_id', numberId).orderBy('priority', 'asc').orderBy('id', 'asc')
}

/** forward_always 10, dnd 20, schedule 30, forward_busy 40, forward_unreachable 50, forward_no_answer 60. */
export function defaultPriority(type: RuleType) {
  return (RULE_TYPES.indexOf(type) + 1) * 10
}

function pick(rule: CallRule) {
  const { type, priority, enabled, target, timeoutSeconds, schedule } = rule
  return { type, priority, enabled, target, timeoutSeconds, schedule }
}

/** The saved rule with what the change sends (fields left out keep their value). */
function withoutUndefined(change: RuleInput, saved: ReturnType<typeof pick>): RuleInput & { type: RuleType } {
  const sent = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined))
  return { ...saved, ...sent }
}

/** The rule's columns with what its type does not use cleared; throws when it cannot work. */
function consistent(tenant: TenantSnapshot, number: PhoneNumber, rule: RuleInput & { type: RuleType }) {
  const forwarding = FORWARDING_TYPES.includes(rule.type)
  const target = rule.type === 'dnd' ? null : (rule.target ?? null)
  if (forwarding && !target) throw new CallRuleException('A forwarding rule needs a target number', { field: 'target' })
  if (rule.type === 'schedule' && !rule.schedule) throw new CallRuleException('A schedule rule needs its hours', { field: 'schedule' })
  if ((forwarding || target) && !tenant.features.call_forwarding) {
    throw new CallRuleException('The call_forwarding feature is not available', { status: 403, code: 'FEATURE_DISABLED' })
  }
  if (target) {
    if (target === number.e164) throw new CallRuleException('A number cannot forward to itself', { field: 'target' })
    const refused = destinationRefusal(tenant, target)
    if (refused) throw new CallRuleException(`${refused}: calls cannot be forwarded there`, { field: 'target' })
  }
  return {
    type: rule.type,
    priority: rule.priority ?? defaultPriority(rule.type),
    enabled: rule.enabled ?? true,
    target,
    timeoutSeconds: rule.type === 'forward_no_answer' ? (rule.timeoutSeconds ?? null) : null,
    schedule: rule.type === 'schedule' ? { ...rule.schedule!, holidays: rule.schedule!.holidays ?? [] } : null,
  }
}

/** A rule as the API and pages show it. */
export function serializeRule(rule: CallRule) {
  return {
    id: rule.id,
    numberId: rule.phoneNumberId,
    type: rule.type,
    priority: rule.priority,
    enabled: rule.enabled,
    target: rule.target,
    timeoutSeconds: rule.timeoutSeconds,
    schedule: rule.schedule,
    createdAt: rule.createdAt?.toISO() ?? null,
    updatedAt: rule.updatedAt?.toISO() ?? null,
  }
}

const callRuleService = new CallRuleService()
export default callRuleService
