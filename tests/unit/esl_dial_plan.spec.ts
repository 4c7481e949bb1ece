import { test } from '@japa/runner'
import { DialStringError, jobFailureCause, originateCommand, type DialSettings } from '#telephony/freeswitch/dial_plan'
import { inboundPlan } from '#telephony/freeswitch/inbound_plan'
import { backoffDelay } from '#telephony/freeswitch/esl_backoff'
import type { OriginateRequest } from '#telephony/types'

const CALL = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b'
const LEG = '0b0c0d0e-1111-4222-8333-444455556666'
const settings: DialSettings = { deviceProfile: 'internal', externalProfile: 'external', pstnGateway: 'carrier', deviceProxy: '10.0.0.5:5060', ringSeconds: 30 }

const request = (changes: Partial<OriginateRequest> = {}): OriginateRequest => ({
  callUuid: CALL,
  tenantId: 1,
  deviceUris: ['sip:ann-phone@acme.sip.localhost', 'sip:ann-web@acme.sip.localhost'],
  destination: '+12125550100',
  callerId: '+14155550123',
  maxSeconds: 600,
  ...changes,
})

test.group('Click-to-call originate string', () => {
  test('rings every device in parallel as the A-leg with our uuid, then bridges the destination with the caller ID', ({ assert }) => {
    assert.equal(
      originateCommand(request(), settings),
      'originate {origination_uuid=6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b,brandline_call_uuid=6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b,' +
        "brandline_leg=device,origination_caller_id_number=+14155550123,originate_timeout=30,execute_on_answer='sched_hangup +600 allotted_timeout'}" +
        'sofia/internal/ann-phone@acme.sip.localhost;fs_path=sip:10.0.0.5:5060,sofia/internal/ann-web@acme.sip.localhost;fs_path=sip:10.0.0.5:5060 ' +
        '&bridge({brandline_call_uuid=6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b,brandline_leg=pstn,origination_caller_id_number=+14155550123}sofia/gateway/carrier/+12125550100)'
    )
  })

  test('a gateway given as host:port is dialled on the external profile', ({ assert }) => {
    const command = originateCommand(request(), { ...settings, pstnGateway: '127.0.0.1:5080', deviceProxy: null })
    assert.include(command, '}sofia/internal/ann-phone@acme.sip.localhost,sofia/internal/ann-web@acme.sip.localhost &bridge(')
    assert.isTrue(command.endsWith('}sofia/external/12125550100@127.0.0.1:5080)'))
  })

  test('anything that could break out of the command is refused before it reaches the switch', ({ assert }) => {
    const bad: Partial<OriginateRequest>[] = [
      { callUuid: 'abc' },
      { callerId: '+1415 555 0123' },
      { callerId: '14155550123,foo=bar' },
      { destination: '+12125550100 &park()' },
      { deviceUris: [] },
      { deviceUris: ['sip:ann phone@acme.sip.localhost'] },
      { deviceUris: ['sip:ann@acme.sip.localhost,sofia/gateway/evil/1900'] },
      { maxSeconds: 0 },
      { maxSeconds: 12.5 },
    ]
    for (const changes of bad) {
      const error = (() => {
        try {
          originateCommand(request(changes), settings)
        } catch (caught) {
          return caught
        }
      })()
      assert.instanceOf(error, DialStringError, JSON.stringify(changes))
    }
  })

  test('a failed background job names its cause', ({ assert }) => {
    assert.equal(jobFailureCause('-ERR USER_NOT_REGISTERED\n'), 'USER_NOT_REGISTERED')
    assert.equal(jobFailureCause('-ERR something odd'), 'NORMAL_TEMPORARY_FAILURE')
    assert.isNull(jobFailureCause(`+OK ${CALL}\n`))
  })
})

test.group('Inbound call plan (outbound socket)', () => {
  test('a refusal answers the SIP code and hangs up with the matching cause', ({ assert }) => {
    assert.deepEqual(inboundPlan({ action: 'reject', callUuid: null, code: 486, reason: 'Busy <here>' }, settings, null), [
      ['respond', '486 Busy here'],
      ['hangup', 'USER_BUSY'],
    ])
    assert.deepEqual(inboundPlan({ action: 'reject', callUuid: null, code: 200, reason: '' }, settings, null)[1], ['hangup', 'CALL_REJECTED'])
  })

  test('devices ring for the timeout, then voicemail in the brand domain', ({ assert }) => {
    const plan = inboundPlan(
      {
        action: 'route',
        callUuid: CALL,
        callerId: '+12125550100',
        targets: [
          { kind: 'device', uri: 'sip:ann-phone@acme.sip.localhost' },
          { kind: 'device', uri: 'sip:ann-web@acme.sip.localhost' },
        ],
        timeoutSeconds: 20,
        fallback: { kind: 'voicemail', uri: 'sip:vm-14155550123@127.0.0.1:5080' },
        maxSeconds: null,
      },
      settings,
      'acme.sip.localhost'
    )
    assert.deepEqual(plan, [
      ['set', `brandline_call_uuid=${CALL}`],
      ['set', 'effective_caller_id_number=+12125550100'],
      ['set', 'call_timeout=20'],
      ['set', 'continue_on_fail=true'],
      ['set', 'hangup_after_bridge=true'],
      ['bridge', 'sofia/internal/ann-phone@acme.sip.localhost;fs_path=sip:10.0.0.5:5060,sofia/internal/ann-web@acme.sip.localhost;fs_path=sip:10.0.0.5:5060'],
      ['answer', ''],
      ['voicemail', 'default acme.sip.localhost vm-14155550123'],
      ['hangup', 'NORMAL_CLEARING'],
    ])
  })

  test('a forward is its own billed leg: our leg uuid and the covered time go on that leg only', ({ assert }) => {
    const plan = inboundPlan(
      {
        action: 'route',
        callUuid: CALL,
        callerId: 'anonymous',
        targets: [{ kind: 'pstn', uri: `sip:447700900123@127.0.0.1:5080;leg=${LEG}` }],
        timeoutSeconds: 60,
        fallback: null,
        maxSeconds: 240,
      },
      settings,
      'acme.sip.localhost'
    )
    assert.notDeepInclude(plan, ['set', 'effective_caller_id_number=anonymous'])
    assert.deepInclude(plan, ['bridge', `[brandline_call_uuid=${LEG},execute_on_answer='sched_hangup +240 allotted_timeout']sofia/external/447700900123@127.0.0.1:5080`])
  })
})

test.group('Reconnect backoff', () => {
  test('doubles from the first step, stays within its cap, and jitters within half a step', ({ assert }) => {
    const backoff = { initialMs: 100, maxMs: 1000 }
    assert.deepEqual([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, backoff, () => 1)), [100, 200, 400, 800, 1000, 1000])
    assert.deepEqual([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, backoff, () => 0)), [50, 100, 200, 400])
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(2, backoff)
      assert.isAtLeast(delay, 200)
      assert.isAtMost(delay, 400)
    }
  })
})
