import { DateTime } from 'luxon'
import Tenant from '#models/tenant'
import User from '#models/user'
import Call from '#models/call'
import PhoneNumber from '#models/phone_number'
import deviceService from '#services/devices/device_service'
import callRuleService from '#services/calls/call_rule_service'
import callService from '#services/calls/call_service'
import { dbTime } from '#services/db_time'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { RuleInput } from '#services/calls/call_rule_service'
import type { DeviceKind } from '#models/sip_device'
import { leaveVoicemail } from '#telephony/simulated/inbound_player'
import type { RuleType } from '#models/call_rule'

/** What each demo end user finds: a device, a forwarding rule, recent calls and a voicemail. */
const DEMO_VOICE = [
  {
    brand: 'acme',
    email: 'ann@acme.test',
    device: { name: "Ann's Android", kind: 'android' as DeviceKind },
    rule: { type: 'forward_no_answer' as RuleType, target: '+14155550199', timeoutSeconds: 20 },
    calls: [
      { to: '+12025550143', talkSeconds: 95 },
      { to: '+442071234567', talkSeconds: 312 },
    ],
    voicemailFrom: '+12125550100',
  },
  {
    brand: 'globex',
    email: 'gus@globex.test',
    device: { name: 'Browser softphone', kind: 'web' as DeviceKind },
    rule: { type: 'forward_busy' as RuleType, target: '+4930901820' },
    calls: [{ to: '+33142685300', talkSeconds: 64 }],
    voicemailFrom: '+33142685300',
  },
]

export async function seedDemoVoice() {
  for (const demo of DEMO_VOICE) {
    const tenant = await acrossAllTenants('demo voice', () => Tenant.findByOrFail('slug', demo.brand))
    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    const { user, number } = await runForTenant(tenant, async () => {
      const owner = await User.findByOrFail('email', demo.email)
      return { user: owner, number: await PhoneNumber.query().where('user_id', owner.id).where('is_primary', true).firstOrFail() }
    })
    await deviceService.register(snapshot, user, demo.device)
    await callRuleService.create(snapshot, user.id, number.id, demo.rule as RuleInput & { type: RuleType })
    for (const [index, call] of demo.calls.entries()) {
      await runForTenant(tenant, () => pastCall(snapshot, user.id, number, call, index + 1))
    }
    await leaveVoicemail(snapshot, { to: number.e164, from: demo.voicemailFrom, durationSeconds: 6 })
  }
}

/** A call placed yesterday through the real call path: held, answered, ended, rated and settled. */
async function pastCall(snapshot: any, userId: number, number: PhoneNumber, call: { to: string; talkSeconds: number }, daysAgo: number) {
  const { call: opened } = await callService.openOutbound(snapshot, {
    userId,
    destination: call.to,
    callerId: number.e164,
    fromNumber: number.e164,
    phoneNumberId: number.id,
    switch: 'simulated',
  })
  const answered = new Date(opened.startedAt.toMillis() + 4000)
  await callService.onEvent({ type: 'answered', callUuid: opened.uuid, switchRef: opened.uuid, at: answered })
  const ended = new Date(answered.getTime() + call.talkSeconds * 1000)
  await callService.onEvent({ type: 'ended', callUuid: opened.uuid, switchRef: opened.uuid, at: ended, billSeconds: call.talkSeconds, cause: 'NORMAL_CLEARING', sipCode: 200 })
  const shift = (value: DateTime | null) => (value ? dbTime(value.minus({ days: daysAgo })) : null)
  const row = await Call.findOrFail(opened.id)
  await Call.query().where('id', row.id).update({ started_at: shift(row.startedAt), answered_at: shift(row.answeredAt), ended_at: shift(row.endedAt) })
}
