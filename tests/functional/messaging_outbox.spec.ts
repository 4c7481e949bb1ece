import { test } from '@japa/runner'
import messageService from '#services/messaging/message_service'
import messaging from '#telephony/messaging/manager'
import inbound from '#services/messaging/inbound'
import { MessagingSubmitError } from '#telephony/types'
import { runForTenant } from '#tenants/context'
import { reload, ledgerOf } from '#tests/money_helpers'
import { RecordingCarrier, drainOutbox, messagesOf, texter, USD } from '#tests/messaging_helpers'

test.group('Messaging outbox', (group) => {
  group.each.teardown(() => messaging.restore())

  test('a message is queued with its hold, sent and settled by the outbox, then delivered by its receipt', async ({ assert }) => {
    const carrier = messaging.fake(new RecordingCarrier()) as RecordingCarrier
    const { tenant, member, snapshot, wallet, number } = await texter()
    const queued = await runForTenant(tenant, () => messageService.send(snapshot, member.id, { to: '+14155550199', body: 'Hello there' }))
    assert.equal(queued.status, 'queued')
    assert.equal(queued.segments, 1)
    assert.equal(queued.priceMicros, 10_000)
    const held = await reload(tenant, wallet.id)
    assert.equal(held.heldMicros, 10_000)

    await drainOutbox()
    assert.lengthOf(carrier.submitted, 1)
    assert.equal(carrier.submitted[0].from, number.e164)
    assert.equal(carrier.submitted[0].ref, queued.ref)
    let [sent] = await messagesOf(tenant)
    assert.equal(sent.status, 'sent')
    assert.equal(sent.chargedMicros, 10_000)
    const settled = await reload(tenant, wallet.id)
    assert.equal(settled.heldMicros, 0)
    assert.equal(settled.balanceMicros, USD(10) - 10_000)

    await carrier.receipt(sent.carrierMessageId!)
    ;[sent] = await messagesOf(tenant)
    assert.equal(sent.status, 'delivered')
    assert.isNotNull(sent.deliveredAt)
    const kinds = (await ledgerOf(tenant, wallet.id)).map((entry) => entry.kind)
    assert.deepEqual(kinds, ['adjustment', 'hold', 'release', 'debit'])
  })

  test('a receipt that overtakes the submit answer is kept and applied once the message is recorded', async ({ assert }) => {
    const carrier = messaging.fake(new RecordingCarrier()) as RecordingCarrier
    const { tenant, member, snapshot } = await texter()
    await runForTenant(tenant, () => messageService.send(snapshot, member.id, { to: '+14155550198', body: 'Early bird' }))
    const original = carrier.submit.bind(carrier)
    carrier.submit = async (message) => {
      const result = await original(message)
      await carrier.receipt(result.carrierMessageId)
      return result
    }
    await drainOutbox()
    const [message] = await messagesOf(tenant)
    assert.equal(message.status, 'delivered')
  })

  test('transient failures go back to the queue; permanent ones fail and release the hold', async ({ assert }) => {
    const carrier = messaging.fake(new RecordingCarrier()) as RecordingCarrier
    const { tenant, member, snapshot, wallet } = await texter()
    await runForTenant(tenant, () => messageService.send(snapshot, member.id, { to: '+14155550197', body: 'Retry me' }))
    carrier.refuse = new MessagingSubmitError('bind down', 'transient', 'NO_BIND')
    await drainOutbox()
    let [message] = await messagesOf(tenant)
    assert.equal(message.status, 'queued')
    assert.equal(message.attempts, 1)
    assert.equal(message.errorCode, 'NO_BIND')
    assert.isTrue(message.dueAt! > message.updatedAt.minus({ seconds: 1 }))

    carrier.refuse = new MessagingSubmitError('Invalid Dest Addr', 'permanent', '0x0000000B')
    await runForTenant(tenant, () => message.merge({ dueAt: message.createdAt }).save())
    await drainOutbox()
    ;[message] = await messagesOf(tenant)
    assert.equal(message.status, 'failed')
    assert.equal(message.errorCode, '0x0000000B')
    const after = await reload(tenant, wallet.id)
    assert.equal(after.heldMicros, 0)
    assert.equal(after.balanceMicros, USD(10))
  })

  test('inbound goes to the owner of the number; STOP opts out, HELP answers, an unowned number is refused', async ({ assert }) => {
    messaging.fake(new RecordingCarrier())
    const { tenant, member, snapshot, number } = await texter()
    const verdict = await inbound.receive({ carrier: 'recording', kind: 'sms', from: '+14155550196', to: number.e164, body: 'STOP' })
    assert.isTrue(verdict.accepted)
    const refused = await runForTenant(tenant, () =>
      messageService.send(snapshot, member.id, { to: '+14155550196', body: 'Still there?' }).catch((error) => error)
    )
    assert.equal(refused.code, 'OPTED_OUT')
    assert.deepEqual(refused.fields.map((f: any) => f.field), ['to'])
    const thread = await messagesOf(tenant)
    assert.deepEqual(thread.map((m) => [m.direction, m.status]), [['inbound', 'received'], ['outbound', 'queued']])
    assert.match(thread[1].body, /unsubscribed/)
    assert.equal(thread[1].priceMicros, 0)

    const unowned = await inbound.receive({ carrier: 'recording', kind: 'sms', from: '+14155550196', to: '+14155550100', body: 'hi' })
    assert.isFalse(unowned.accepted)
  })
})
