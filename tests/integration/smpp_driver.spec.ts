import { test } from '@japa/runner'
import { randomBytes, randomUUID } from 'node:crypto'
import Message from '#models/message'
import messageService from '#services/messaging/message_service'
import receipts from '#services/messaging/receipts'
import inbound from '#services/messaging/inbound'
import messaging, { type SmppSettings } from '#telephony/messaging/manager'
import { SmppMessagingDriver } from '#telephony/drivers/smpp_driver'
import { failureKind } from '#telephony/smpp/outgoing'
import { MessagingSubmitError, type DeliveryReceipt, type InboundMessage, type MessagingEvents, type OutboundMessage } from '#telephony/types'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { drainOutbox, eventually, messagesOf, texter } from '#tests/messaging_helpers'
import { startSmsc, type Smsc, type SmscOptions } from '#tests/stand_ins/smsc'

/** Events as the app wires them: receipts and inbound messages go to the messaging services. */
const appEvents: MessagingEvents = {
  receipt: (receipt) => receipts.receive(receipt),
  inbound: (message) => inbound.receive(message),
}

/** Events kept in memory, for tests that look at the driver alone. */
class Recorded implements MessagingEvents {
  receipts: DeliveryReceipt[] = []
  received: InboundMessage[] = []
  async receipt(receipt: DeliveryReceipt) {
    this.receipts.push(receipt)
  }
  async inbound(message: InboundMessage) {
    this.received.push(message)
    return { accepted: true as const, messageId: this.received.length }
  }
}

const open: Array<{ close(): Promise<void> }> = []

async function link(smscOptions: SmscOptions = {}, settings: Partial<SmppSettings> = {}, events: MessagingEvents | Recorded = new Recorded()) {
  const smsc = await startSmsc(smscOptions)
  const driver = new SmppMessagingDriver(
    {
      name: `smpp:test-${randomBytes(3).toString('hex')}`,
      host: '127.0.0.1',
      port: smsc.port,
      systemId: 'brandline',
      password: 'secret',
      systemType: '',
      binds: 1,
      window: 10,
      ratePerSecond: 0,
      enquireLinkSeconds: 30,
      reconnect: { minMs: 50, maxMs: 400 },
      responseTimeoutMs: 3000,
      throttleBackoffMs: { minMs: 20, maxMs: 200 },
      ...settings,
    },
    events
  )
  open.push(driver, smsc)
  return { smsc, driver, events: events as Recorded }
}

const message = (body: string, to = '+14155550123'): OutboundMessage => ({ ref: randomUUID(), tenantId: 1, kind: 'sms', from: '+12125550100', to, body })
const refsSeen = (smsc: Smsc, ref: string) => smsc.submits.filter((submit) => submit.ref === ref).length

test.group('SMPP driver against a real SMSC', (group) => {
  group.each.teardown(async () => {
    await messaging.restore()
    for (const closable of open.splice(0).reverse()) await closable.close()
  })

  test('a submit is accepted with the SMSC id and our ref, and its receipt is reported', async ({ assert }) => {
    const { smsc, driver, events } = await link()
    const sent = message('Hello over SMPP')
    const result = await driver.submit(sent)
    assert.equal(result.parts, 1)
    assert.lengthOf(smsc.submits, 1)
    const [submit] = smsc.submits
    assert.equal(result.carrierMessageId, submit.messageId)
    assert.include({ ref: submit.ref, from: submit.from, to: submit.to, text: submit.text, dataCoding: submit.dataCoding }, { ref: sent.ref, from: sent.from, to: sent.to, text: 'Hello over SMPP', dataCoding: 0 })
    assert.equal(submit.registeredDelivery, 1)
    const [receipt] = await eventually(async () => events.receipts.length > 0 && events.receipts)
    assert.include(receipt, { carrier: driver.name, carrierMessageId: result.carrierMessageId, status: 'delivered', errorCode: null })
    assert.instanceOf(receipt.doneAt, Date)
  })

  test('a refused destination fails permanently with the SMSC status code; the bind stays up', async ({ assert }) => {
    const { driver } = await link({ failDestinations: ['+14155550111'] })
    const error = await driver.submit(message('nope', '+14155550111')).catch((caught) => caught)
    assert.instanceOf(error, MessagingSubmitError)
    assert.equal(error.kind, 'permanent')
    assert.equal(error.code, '0x0B')
    const fine = await driver.submit(message('still bound'))
    assert.isString(fine.carrierMessageId)
    assert.deepEqual([0x08, 0x14, 0x45].map(failureKind), ['transient', 'transient', 'transient'])
    assert.deepEqual([0x01, 0x0a, 0x0b].map(failureKind), ['permanent', 'permanent', 'permanent'])
  })

  test('the SMSC dropping the bind: a new session, and what was unanswered is resubmitted', async ({ assert }) => {
    const { smsc, driver } = await link({ dropAfterSubmits: 5, responseDelayMs: 30 })
    const batch = Array.from({ length: 20 }, (_, i) => message(`drop test ${i}`))
    const results = await Promise.all(batch.map((each) => driver.submit(each)))
    assert.isAtLeast(smsc.bindCount, 2)
    assert.deepEqual(smsc.uniqueRefs(), new Set(batch.map((each) => each.ref)))
    assert.equal(new Set(results.map((result) => result.carrierMessageId)).size, 20)
    const unanswered = batch.filter((each) => refsSeen(smsc, each.ref) > 1)
    assert.isAtLeast(unanswered.length, 1, 'the submits outstanding at the drop went out again')
    for (const result of results) assert.isTrue(smsc.submits.some((submit) => submit.messageId === result.carrierMessageId))
  })

  test('an SMSC that stops answering is treated as a dropped bind: reconnect and resubmit', async ({ assert }) => {
    const { smsc, driver } = await link({ ignoreFirstSubmits: 2 }, { responseTimeoutMs: 300 })
    const batch = [message('hung 1'), message('hung 2')]
    const results = await Promise.all(batch.map((each) => driver.submit(each)))
    assert.equal(smsc.bindCount, 2)
    assert.deepEqual(smsc.uniqueRefs(), new Set(batch.map((each) => each.ref)))
    assert.deepEqual(batch.map((each) => refsSeen(smsc, each.ref)), [2, 2])
    assert.lengthOf(results, 2)
  })

  test('a receipt that arrives before its submit_sm_resp still ends the message delivered', async ({ assert }) => {
    const { smsc, driver } = await link({ receiptBeforeResp: true }, {}, appEvents)
    messaging.fake(driver)
    const { tenant, member, snapshot } = await texter()
    await runForTenant(tenant, () => messageService.send(snapshot, member.id, { to: '+14155550124', body: 'Early receipt' }))
    await drainOutbox()
    const message = await eventually(async () => {
      await receipts.flush()
      const [row] = await messagesOf(tenant)
      return row.status === 'delivered' && row
    })
    assert.equal(message.carrier, driver.name)
    assert.equal(message.carrierMessageId, smsc.submits[0].messageId)
    assert.deepEqual(smsc.receiptsSent, [message.carrierMessageId])
  })

  test('0x58 throttling pauses the bind and resubmits; every message is accepted and delivered', async ({ assert }) => {
    const { smsc, driver, events } = await link({ throttleEvery: 3 })
    const batch = Array.from({ length: 12 }, (_, i) => message(`throttle ${i}`))
    const results = await Promise.all(batch.map((each) => driver.submit(each)))
    assert.isAtLeast(smsc.submits.filter((submit) => submit.status === 0x58).length, 4)
    assert.equal(smsc.uniqueRefs().size, 12)
    await eventually(async () => events.receipts.length === 12)
    assert.sameMembers(
      events.receipts.map((receipt) => receipt.carrierMessageId),
      results.map((result) => result.carrierMessageId)
    )
    assert.isTrue(events.receipts.every((receipt) => receipt.status === 'delivered'))
  })

  test('a long GSM-7 message goes as concatenated parts with a UDH; one receipt, under the first id', async ({ assert }) => {
    const { smsc, driver, events } = await link()
    const body = 'Long message with an extension char €. '.repeat(10).trim()
    const result = await driver.submit(message(body))
    assert.equal(result.parts, smsc.submits.length)
    assert.isAtLeast(result.parts, 3)
    const parts = smsc.submits
    const reference = parts[0].part!.reference
    parts.forEach((submit, i) => {
      assert.deepEqual(submit.part, { reference, total: parts.length, sequence: i + 1 })
      assert.equal(submit.esmClass & 0x40, 0x40)
      assert.equal(submit.dataCoding, 0x00)
      assert.deepEqual(submit.udh[0], Buffer.from([0x00, 0x03, reference, parts.length, i + 1]))
    })
    assert.equal(parts.map((submit) => submit.text).join(''), body)
    assert.equal(result.carrierMessageId, parts[0].messageId)
    await eventually(async () => smsc.receiptsSent.length === parts.length)
    await eventually(async () => events.receipts.length > 0)
    assert.deepEqual(events.receipts.map((receipt) => [receipt.carrierMessageId, receipt.status]), [[result.carrierMessageId, 'delivered']])
  })

  test('an emoji message goes as UCS-2 parts', async ({ assert }) => {
    const { smsc, driver } = await link()
    const body = 'Party time 🎉 see you there! '.repeat(4).trim()
    const result = await driver.submit(message(body))
    assert.equal(result.parts, 2)
    assert.isTrue(smsc.submits.every((submit) => submit.dataCoding === 0x08 && submit.part?.total === 2))
    assert.equal(smsc.submits.map((submit) => submit.text).join(''), body)
  })

  test('enquire_link keeps the bind up', async ({ assert }) => {
    const { smsc, driver } = await link({}, { enquireLinkSeconds: 1 })
    await eventually(async () => smsc.enquireLinks >= 2, 5000)
    assert.equal(smsc.bindCount, 1)
    assert.equal(smsc.sessions, 1)
    assert.isString((await driver.submit(message('still here'))).carrierMessageId)
  })

  test('the window: never more submits outstanding on a bind than allowed', async ({ assert }) => {
    const { smsc, driver } = await link({ responseDelayMs: 40 }, { window: 3, binds: 2 })
    await eventually(async () => smsc.sessions === 2)
    const batch = Array.from({ length: 30 }, (_, i) => message(`window ${i}`))
    await Promise.all(batch.map((each) => driver.submit(each)))
    assert.equal(smsc.uniqueRefs().size, 30)
    assert.equal(smsc.maxOutstanding, 3)
    assert.sameMembers([...new Set(smsc.submits.map((submit) => submit.session))], [1, 2])
  })

  test('the rate cap spaces submits on a bind', async ({ assert }) => {
    const { smsc, driver } = await link({}, { ratePerSecond: 20 })
    await Promise.all(Array.from({ length: 6 }, (_, i) => driver.submit(message(`rate ${i}`))))
    const times = smsc.submits.map((submit) => submit.at)
    assert.isAtLeast(times[times.length - 1] - times[0], 200)
  })

  test('inbound deliver_sm to a brand user number is stored as received; to an unowned number it is refused', async ({ assert }) => {
    const { smsc } = await link({}, {}, appEvents)
    const { tenant, member, number } = await texter()
    await eventually(async () => smsc.sessions === 1)
    assert.equal(await smsc.deliver('+14155550125', number.e164, 'Hi from a handset'), 0)
    const [received] = await messagesOf(tenant, member)
    assert.include({ direction: received.direction, status: received.status, from: received.fromNumber, body: received.body }, {
      direction: 'inbound',
      status: 'received',
      from: '+14155550125',
      body: 'Hi from a handset',
    })

    const text = `Nobody home ${randomUUID()}`
    assert.equal(await smsc.deliver('+14155550125', '+14155550100', text), 0x0b)
    const stored = await acrossAllTenants('test', () => Message.query().where('body', text))
    assert.lengthOf(stored, 0)
  })
})
