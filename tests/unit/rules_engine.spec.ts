import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { isOpen, planCall, type RoutingSituation, type RuleData } from '#services/calls/rules_engine'
import type { RuleSchedule } from '#models/call_rule'

const FORWARD = '+14155550199'
const OFFICE = '+442071838750'
/** A Wednesday, 15:00 UTC: 11:00 in New York (EDT), 17:00 in Berlin (CEST). */
const WEDNESDAY = DateTime.fromISO('2025-06-11T15:00:00Z', { zone: 'utc' })

const hours9to5 = { '1': ['09:00-17:00'], '2': ['09:00-17:00'], '3': ['09:00-17:00'], '4': ['09:00-17:00'], '5': ['09:00-17:00'] }
const officeHours = (timezone: string, extra: Partial<RuleSchedule> = {}): RuleSchedule => ({ timezone, hours: hours9to5, holidays: [], ...extra })

function situation(overrides: Partial<RoutingSituation> = {}): RoutingSituation {
  return {
    at: WEDNESDAY,
    online: true,
    busy: false,
    features: { call_forwarding: true, voicemail: true },
    defaultRingSeconds: 25,
    ...overrides,
  }
}

let ids = 0
function rule(type: RuleData['type'], overrides: Partial<RuleData> = {}): RuleData {
  return { id: ++ids, type, priority: 100, enabled: true, target: FORWARD, timeoutSeconds: null, schedule: null, ...overrides }
}

test.group('Rules engine: defaults', () => {
  test('with no rule every online device rings for the default time, then voicemail', ({ assert }) => {
    assert.deepEqual(planCall([], situation()), {
      targets: { kind: 'devices' },
      timeoutSeconds: 25,
      fallback: { kind: 'voicemail' },
      matchedRule: null,
    })
  })

  test('with no rule and no device online the call goes straight to voicemail', ({ assert }) => {
    const plan = planCall([], situation({ online: false }))
    assert.deepEqual(plan.targets, { kind: 'voicemail' })
    assert.isNull(plan.fallback)
  })

  test('with voicemail off the devices ring and then nothing (the switch answers 480)', ({ assert }) => {
    const plan = planCall([], situation({ features: { call_forwarding: true, voicemail: false } }))
    assert.deepEqual(plan.targets, { kind: 'devices' })
    assert.isNull(plan.fallback)
    const offline = planCall([], situation({ online: false, features: { call_forwarding: true, voicemail: false } }))
    assert.deepEqual(offline.targets, { kind: 'reject', code: 480, reason: 'Temporarily unavailable' })
  })

  test('a busy user with no busy rule still gets the call (call waiting)', ({ assert }) => {
    assert.deepEqual(planCall([], situation({ busy: true })).targets, { kind: 'devices' })
  })
})

test.group('Rules engine: each rule type', () => {
  test('forward_always forwards at once, whatever the devices', ({ assert }) => {
    const always = rule('forward_always')
    const plan = planCall([always], situation())
    assert.deepEqual(plan.targets, { kind: 'forward', number: FORWARD })
    assert.strictEqual(plan.matchedRule, always)
    assert.isNull(plan.timeoutSeconds)
  })

  test('dnd sends the call to voicemail, or refuses it when voicemail is off', ({ assert }) => {
    assert.deepEqual(planCall([rule('dnd', { target: null })], situation()).targets, { kind: 'voicemail' })
    const noVoicemail = planCall([rule('dnd', { target: null })], situation({ features: { call_forwarding: true, voicemail: false } }))
    assert.deepEqual(noVoicemail.targets, { kind: 'reject', code: 480, reason: 'Do not disturb' })
  })

  test('forward_busy forwards only while the user is on a call', ({ assert }) => {
    const busyRule = rule('forward_busy')
    assert.deepEqual(planCall([busyRule], situation({ busy: true })).targets, { kind: 'forward', number: FORWARD })
    const free = planCall([busyRule], situation({ busy: false }))
    assert.deepEqual(free.targets, { kind: 'devices' })
    assert.isNull(free.matchedRule)
  })

  test('forward_unreachable forwards only when no device is registered', ({ assert }) => {
    const unreachable = rule('forward_unreachable')
    assert.deepEqual(planCall([unreachable], situation({ online: false })).targets, { kind: 'forward', number: FORWARD })
    assert.deepEqual(planCall([unreachable], situation({ online: true })).targets, { kind: 'devices' })
  })

  test('forward_no_answer rings the devices for its timeout, then forwards', ({ assert }) => {
    const noAnswer = rule('forward_no_answer', { timeoutSeconds: 15 })
    assert.deepEqual(planCall([noAnswer], situation()), {
      targets: { kind: 'devices' },
      timeoutSeconds: 15,
      fallback: { kind: 'forward', number: FORWARD },
      matchedRule: noAnswer,
    })
    assert.equal(planCall([rule('forward_no_answer')], situation()).timeoutSeconds, 25)
    assert.deepEqual(planCall([noAnswer], situation({ online: false })).targets, { kind: 'forward', number: FORWARD })
  })

  test('schedule: inside business hours no effect, outside to its target, or voicemail without one', ({ assert }) => {
    const ny = rule('schedule', { target: OFFICE, schedule: officeHours('America/New_York') })
    assert.deepEqual(planCall([ny], situation()).targets, { kind: 'devices' })
    const berlin = rule('schedule', { target: OFFICE, schedule: officeHours('Europe/Berlin') })
    assert.deepEqual(planCall([berlin], situation()).targets, { kind: 'forward', number: OFFICE })
    const closedNoTarget = rule('schedule', { target: null, schedule: officeHours('Europe/Berlin') })
    assert.deepEqual(planCall([closedNoTarget], situation()).targets, { kind: 'voicemail' })
  })
})

test.group('Rules engine: priorities, disabled rules, features', () => {
  test('the lowest priority that applies wins, whatever the order given', ({ assert }) => {
    const dnd = rule('dnd', { priority: 20, target: null })
    const always = rule('forward_always', { priority: 10 })
    assert.deepEqual(planCall([dnd, always], situation()).targets, { kind: 'forward', number: FORWARD })
    always.priority = 30
    assert.deepEqual(planCall([always, dnd], situation()).targets, { kind: 'voicemail' })
  })

  test('a rule that does not apply hands over to the next one', ({ assert }) => {
    const busy = rule('forward_busy', { priority: 1, target: '+14155550101' })
    const unreachable = rule('forward_unreachable', { priority: 2, target: '+14155550102' })
    const noAnswer = rule('forward_no_answer', { priority: 3, target: '+14155550103', timeoutSeconds: 20 })
    const rules = [noAnswer, unreachable, busy]
    assert.equal(planCall(rules, situation({ busy: true })).matchedRule, busy)
    assert.equal(planCall(rules, situation({ online: false })).matchedRule, unreachable)
    const plain = planCall(rules, situation())
    assert.equal(plain.matchedRule, noAnswer)
    assert.deepEqual(plain.fallback, { kind: 'forward', number: '+14155550103' })
  })

  test('disabled rules are skipped', ({ assert }) => {
    const plan = planCall([rule('forward_always', { enabled: false }), rule('dnd', { enabled: false, target: null })], situation())
    assert.deepEqual(plan.targets, { kind: 'devices' })
    assert.isNull(plan.matchedRule)
  })

  test('with call_forwarding off, forwarding rules are ignored but dnd and schedules still apply', ({ assert }) => {
    const features = { call_forwarding: false, voicemail: true }
    assert.deepEqual(planCall([rule('forward_always')], situation({ features })).targets, { kind: 'devices' })
    assert.deepEqual(planCall([rule('forward_unreachable')], situation({ features, online: false })).targets, { kind: 'voicemail' })
    const noAnswer = planCall([rule('forward_no_answer')], situation({ features }))
    assert.deepEqual(noAnswer.fallback, { kind: 'voicemail' })
    const closed = rule('schedule', { target: OFFICE, schedule: officeHours('Europe/Berlin') })
    assert.deepEqual(planCall([closed], situation({ features })).targets, { kind: 'voicemail' })
    assert.deepEqual(planCall([rule('dnd', { priority: 200, target: null }), rule('forward_always')], situation({ features })).targets, {
      kind: 'voicemail',
    })
  })
})

test.group('Rules engine: time zones, daylight saving, holidays', () => {
  test('the same UTC instant is open in New York and closed in Berlin', ({ assert }) => {
    assert.isTrue(isOpen(officeHours('America/New_York'), WEDNESDAY))
    assert.isFalse(isOpen(officeHours('Europe/Berlin'), WEDNESDAY))
    assert.isTrue(isOpen(officeHours('Asia/Kolkata'), DateTime.fromISO('2025-06-11T06:00:00Z')))
  })

  test('weekends and the end minute are closed; 24:00 closes at midnight', ({ assert }) => {
    const schedule = officeHours('Europe/Berlin', { hours: { ...hours9to5, '6': ['20:00-24:00'] } })
    assert.isFalse(isOpen(schedule, DateTime.fromISO('2025-06-15T10:00:00', { zone: 'Europe/Berlin' })))
    assert.isTrue(isOpen(schedule, DateTime.fromISO('2025-06-11T16:59:00', { zone: 'Europe/Berlin' })))
    assert.isFalse(isOpen(schedule, DateTime.fromISO('2025-06-11T17:00:00', { zone: 'Europe/Berlin' })))
    assert.isTrue(isOpen(schedule, DateTime.fromISO('2025-06-14T23:59:00', { zone: 'Europe/Berlin' })))
    assert.isFalse(isOpen(schedule, DateTime.fromISO('2025-06-15T00:00:00', { zone: 'Europe/Berlin' })))
  })

  test('daylight saving time moves the hours with the zone', ({ assert }) => {
    const berlin = officeHours('Europe/Berlin')
    // 15:30 UTC is 16:30 CET on Friday 28 March (open) and 17:30 CEST on Monday 31 March (closed).
    assert.isTrue(isOpen(berlin, DateTime.fromISO('2025-03-28T15:30:00Z')))
    assert.isFalse(isOpen(berlin, DateTime.fromISO('2025-03-31T15:30:00Z')))
    // New York moves on 9 March: its 09:00 opening is 14:00 UTC before and 13:00 UTC after.
    const ny = officeHours('America/New_York', { hours: { '3': ['09:00-09:30'] } })
    assert.isTrue(isOpen(ny, DateTime.fromISO('2025-03-12T13:15:00Z')))
    assert.isFalse(isOpen(ny, DateTime.fromISO('2025-03-05T13:15:00Z')))
    assert.isTrue(isOpen(ny, DateTime.fromISO('2025-03-05T14:15:00Z')))
  })

  test('a holiday is read as a date in the schedule zone', ({ assert }) => {
    // 2025-12-24T23:30Z is already Christmas Day in Berlin but still Christmas Eve in New York.
    const at = DateTime.fromISO('2025-12-24T23:30:00Z')
    const allDay = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, ['00:00-24:00']]))
    const berlin = officeHours('Europe/Berlin', { hours: allDay, holidays: ['2025-12-25'] })
    const ny = officeHours('America/New_York', { hours: allDay, holidays: ['2025-12-25'] })
    assert.isFalse(isOpen(berlin, at))
    assert.isTrue(isOpen(ny, at))
    const closed = rule('schedule', { target: null, schedule: berlin })
    assert.deepEqual(planCall([closed], situation({ at })).targets, { kind: 'voicemail' })
    assert.deepEqual(planCall([rule('schedule', { target: null, schedule: ny })], situation({ at })).targets, { kind: 'devices' })
  })

  test('a schedule with an unknown zone does nothing rather than close the line', ({ assert }) => {
    const broken = rule('schedule', { target: null, schedule: officeHours('Mars/Olympus_Mons') })
    assert.isNull(isOpen(broken.schedule!, WEDNESDAY))
    assert.deepEqual(planCall([broken], situation()).targets, { kind: 'devices' })
  })
})
