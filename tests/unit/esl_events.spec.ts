import { test } from '@japa/runner'
import { EventEmitter } from 'node:events'
import esl, { type Event } from 'modesl'
import { hardenParser } from '#telephony/freeswitch/esl_guard'
import { callUuidOf, eventTime, toCallEvent, toVoicemailLeft } from '#telephony/freeswitch/esl_events'
import { EslEvent, fixtureText, parseFrames } from '#tests/stand_ins/esl_frames'

const CALL = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b'

/** A real captured frame with our call's variables put on it. */
const fixture = (name: string, vars: Record<string, string> = {}) => {
  const event = EslEvent.fromFixture(name)
  for (const [key, value] of Object.entries(vars)) event.set(key, value)
  return event
}

/** A fake stream feeding captured bytes to modesl's own parser, hardened as the driver does. */
function parserOn(chunks: Buffer[]) {
  const stream = Object.assign(new EventEmitter(), { destroyed: false, destroy: () => ((stream.destroyed = true), stream) })
  const parser = new esl.Parser(stream)
  const events: Event[] = []
  const faults: unknown[] = []
  parser.on('esl::event', (event) => events.push(event))
  hardenParser(parser, stream as any, (error) => faults.push(error))
  for (const chunk of chunks) stream.emit('data', chunk)
  return { events, faults, stream }
}

const chunked = (text: string, size: number) => {
  const buffer = Buffer.from(text, 'utf8')
  const chunks: Buffer[] = []
  for (let at = 0; at < buffer.length; at += size) chunks.push(buffer.subarray(at, at + size))
  return chunks
}

test.group('ESL frames (the fake socket speaks the captured bytes)', () => {
  test('every captured event frame re-serializes to the same bytes, Content-Length included', ({ assert }) => {
    for (const name of ['inbound_event_stream_excerpt.txt', 'event_channel_create.txt', 'event_channel_answer.txt', 'event_channel_hangup_complete_answered.txt', 'event_channel_hangup_complete_unanswered.txt']) {
      const text = fixtureText(name)
      const rebuilt = parseFrames(text)
        .map((frame) => EslEvent.fromPlainBody(frame.body!).toPlain())
        .join('')
      assert.equal(rebuilt, text, name)
    }
    const stream = fixtureText('inbound_auth_event_bgapi_background_job_stream.txt')
    const job = EslEvent.fromFixture('inbound_auth_event_bgapi_background_job_stream.txt')
    assert.equal(job.body, '-ERR RECOVERY_ON_TIMER_EXPIRE\n')
    assert.isTrue(stream.endsWith(job.toPlain()))
  })

  test('a changed header is URL-encoded and the Content-Length follows it', ({ assert }) => {
    const event = fixture('event_channel_create.txt', { variable_brandline_call_uuid: CALL, 'Caller-Caller-ID-Name': 'Ann & Co' })
    const [frame] = parseFrames(event.toPlain())
    const length = Number(frame.headers.find(([name]) => name === 'Content-Length')![1])
    assert.equal(Buffer.byteLength(frame.body!), length)
    assert.include(frame.body!, 'Caller-Caller-ID-Name: Ann%20%26%20Co\n')
    assert.equal(EslEvent.fromPlainBody(frame.body!).get('Caller-Caller-ID-Name'), 'Ann & Co')
  })
})

test.group('modesl parser, hardened', () => {
  test('reads the nine frames of a real event stream delivered in small pieces', ({ assert }) => {
    const { events, faults } = parserOn(chunked(fixtureText('inbound_event_stream_excerpt.txt'), 7))
    assert.deepEqual(
      events.map((event) => event.getHeader('Event-Name')),
      ['HEARTBEAT', 'RE_SCHEDULE', 'CHANNEL_STATE', 'CODEC', 'CODEC', 'CHANNEL_STATE', 'CHANNEL_CREATE', 'CHANNEL_CALLSTATE', 'CHANNEL_STATE']
    )
    assert.lengthOf(faults, 0)
    assert.equal(events[6].getHeader('Caller-Destination-Number'), events[6].getHeader('Caller-Destination-Number')!.trim())
  })

  test('a malformed percent escape keeps its raw text instead of throwing out of the socket', ({ assert }) => {
    const event = fixture('event_channel_create.txt')
    event.headers.push(['Caller-Caller-ID-Name', '100%'])
    const { events, faults } = parserOn([Buffer.from(event.toPlain())])
    assert.lengthOf(faults, 0)
    assert.lengthOf(events, 1)
    assert.equal(events[0].getHeader('Caller-Caller-ID-Name'), '100%')
  })

  test('a frame modesl cannot read drops the stream instead of crashing the process', ({ assert }) => {
    const broken = 'Content-Length: 9\nContent-Type: text/event-json\n\n{"broken\n'
    const { events, faults, stream } = parserOn([Buffer.from(broken)])
    // modesl emits bad JSON as an `error` on its parser, which throws inside the socket's data handler
    assert.lengthOf(events, 0)
    assert.lengthOf(faults, 1)
    assert.isTrue(stream.destroyed)
  })
})

test.group('Channel events -> call events', () => {
  test('CHANNEL_CREATE of our device leg: ringing, at the event time in microseconds', ({ assert }) => {
    const event = fixture('event_channel_create.txt', { variable_brandline_call_uuid: CALL, variable_brandline_leg: 'device' })
    const mapped = toCallEvent(event)
    assert.deepEqual(mapped, { type: 'ringing', callUuid: CALL, switchRef: '9bc34cb7-1d0a-4c89-8d47-9dc25faa160f', at: new Date(1420557162134) })
  })

  test('the destination answering answers the call; the user picking up their own device does not', ({ assert }) => {
    const pstn = fixture('event_channel_answer.txt', { variable_brandline_call_uuid: CALL, variable_brandline_leg: 'pstn' })
    assert.deepEqual(toCallEvent(pstn), { type: 'answered', callUuid: CALL, switchRef: CALL, at: new Date(1420557165494) })
    const device = fixture('event_channel_answer.txt', { variable_brandline_call_uuid: CALL, variable_brandline_leg: 'device' })
    assert.isNull(toCallEvent(device))
    assert.isNull(toCallEvent(fixture('event_channel_create.txt', { variable_brandline_call_uuid: CALL, variable_brandline_leg: 'pstn' })))
  })

  test('HANGUP_COMPLETE of an answered call: billsec, cause and SIP status from the capture', ({ assert }) => {
    const event = fixture('event_channel_hangup_complete_answered.txt', { variable_brandline_call_uuid: CALL })
    assert.deepEqual(toCallEvent(event), {
      type: 'ended',
      callUuid: CALL,
      switchRef: 'e3133bf7-dcde-4daf-9663-9a79ffcef5ad',
      at: new Date(1436280794030),
      billSeconds: 66,
      cause: 'NORMAL_CLEARING',
      sipCode: 200,
    })
  })

  test('the device leg ending counts its talk time from the bridge', ({ assert }) => {
    const event = fixture('event_channel_hangup_complete_answered.txt', { variable_brandline_call_uuid: CALL, variable_brandline_leg: 'device', variable_billsec: '70' })
    const mapped = toCallEvent(event)
    assert.equal(mapped?.type === 'ended' && mapped.billSeconds, 66)
  })

  test('an unanswered call ends with 0 billable seconds, ORIGINATOR_CANCEL and 487', ({ assert }) => {
    const mapped = toCallEvent(fixture('event_channel_hangup_complete_unanswered.txt', { variable_brandline_call_uuid: CALL }))
    assert.include(mapped as object, { type: 'ended', billSeconds: 0, cause: 'ORIGINATOR_CANCEL', sipCode: 487 })
  })

  test('channels we did not start say nothing; our origination uuid is enough to know one', ({ assert }) => {
    assert.isNull(toCallEvent(fixture('event_channel_hangup_complete_answered.txt')))
    const untagged = fixture('event_channel_create.txt', { variable_brandline_call_uuid: 'not-a-uuid' }).remove('variable_origination_uuid')
    assert.isNull(callUuidOf(untagged))
    // FreeSWITCH sets origination_uuid on legs it originates: such a leg is known by its own uuid
    const own = fixture('event_channel_create.txt', { 'Unique-ID': CALL, variable_origination_uuid: CALL })
    assert.equal(toCallEvent(own)?.callUuid, CALL)
    assert.equal(callUuidOf(fixture('event_channel_create.txt')), '9bc34cb7-1d0a-4c89-8d47-9dc25faa160f')
    assert.isNull(toCallEvent(fixture('event_channel_create.txt', { 'Event-Name': 'CHANNEL_BRIDGE', variable_brandline_call_uuid: CALL })))
  })

  test('odd values fall back to safe ones instead of failing', ({ assert }) => {
    const event = fixture('event_channel_hangup_complete_answered.txt', {
      variable_brandline_call_uuid: CALL.toUpperCase(),
      'Event-Date-Timestamp': 'soon',
      variable_billsec: '-12',
      'Hangup-Cause': 'weird cause; drop table',
      variable_sip_term_status: '9999',
    })
    const before = Date.now()
    const mapped = toCallEvent(event)
    assert.equal(mapped?.callUuid, CALL)
    assert.include(mapped as object, { billSeconds: 0, cause: 'NORMAL_CLEARING', sipCode: null })
    assert.isAtLeast(eventTime(event).getTime(), before)
  })
})

test.group('Voicemail events', () => {
  const left = (headers: Record<string, string>) =>
    new EslEvent(
      Object.entries({
        'Event-Name': 'CUSTOM',
        'Event-Subclass': 'vm::maintenance',
        'Event-Date-Timestamp': '1700000000000000',
        'VM-Action': 'leave-message',
        'VM-User': 'vm-14155550123',
        'VM-Domain': 'Acme.sip.localhost',
        'VM-Caller-ID-Name': 'Bob',
        'VM-Caller-ID-Number': '+12125550100',
        'VM-File-Path': '/var/lib/freeswitch/storage/voicemail/default/acme/msg_1.wav',
        'VM-Flags': '',
        'VM-Folder': 'inbox',
        'VM-UUID': 'A1B2C3D4-0000-4000-8000-000000000001',
        'VM-Message-Len': '12',
        'VM-Timestamp': '1700000000',
        ...headers,
      }).map(([key, value]) => [key, encodeURIComponent(value)])
    )

  test('a leave-message event names the box, the caller, the recording and its length', ({ assert }) => {
    assert.deepEqual(toVoicemailLeft(left({})), {
      box: 'vm-14155550123',
      domain: 'acme.sip.localhost',
      callerNumber: '+12125550100',
      callerName: 'Bob',
      filePath: '/var/lib/freeswitch/storage/voicemail/default/acme/msg_1.wav',
      seconds: 12,
      messageUuid: 'a1b2c3d4-0000-4000-8000-000000000001',
      callUuid: null,
      at: new Date(1700000000000),
    })
    assert.equal(toVoicemailLeft(left({ variable_brandline_call_uuid: CALL }))?.callUuid, CALL)
  })

  test('other voicemail actions, other subclasses and events missing the file are not voicemails', ({ assert }) => {
    assert.isNull(toVoicemailLeft(left({ 'VM-Action': 'mwi-update' })))
    assert.isNull(toVoicemailLeft(left({ 'Event-Subclass': 'sofia::register' })))
    assert.isNull(toVoicemailLeft(left({ 'VM-File-Path': '' })))
    assert.isNull(toCallEvent(left({ variable_brandline_call_uuid: CALL })))
  })
})
