import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import messageService from '#services/messaging/message_service'
import type Message from '#models/message'
import { runForTenant } from '#tenants/context'
import { ledgerOf, reload } from '#tests/money_helpers'
import { eventually, messagesOf, texter, USD } from '#tests/messaging_helpers'
import { startSmsc, type Smsc } from '#tests/stand_ins/smsc'
import { startWorker, type WorkerOptions, type WorkerProcess } from './worker_processes.js'

/**
 * The outbox across real `brandline:worker` processes: a worker killed mid-batch, two workers
 * sharing one queue, scheduled messages across a restart. A saas brand texts through the
 * platform binds, which every worker opens on a stand-in SMSC started here.
 */
const DESTINATIONS = Array.from({ length: 50 }, (_, i) => `+1415555${String(100 + i).padStart(4, '0')}`)

type Texter = Awaited<ReturnType<typeof texter>>

let smsc: Smsc | null = null
const workers: WorkerProcess[] = []

function worker(options: Partial<WorkerOptions> = {}) {
  const started = startWorker({ smscPort: smsc!.port, ...options })
  workers.push(started)
  return started
}

/** A saas brand (platform binds) whose member can pay for `count` messages and more. */
function saasTexter(count: number) {
  return texter({ config: { telephony: { model: 'saas' } }, funds: USD(1 + count / 50) })
}

/** Queues `count` messages the way a bulk send does (prepared one by one, written in a few transactions). */
async function queueMany(brand: Texter, count: number) {
  return runForTenant(brand.tenant, async () => {
    const drafts = []
    for (let i = 0; i < count; i++) {
      drafts.push(await messageService.prepare(brand.snapshot, brand.member.id, { to: DESTINATIONS[i % DESTINATIONS.length], body: `Message ${i} of ${count}` }))
    }
    const messages: Message[] = []
    for (let i = 0; i < drafts.length; i += 500) messages.push(...(await messageService.queue(brand.member.id, drafts.slice(i, i + 500))))
    return messages
  })
}

async function statuses(brand: Texter) {
  const counts: Record<string, number> = {}
  for (const message of await messagesOf(brand.tenant)) counts[message.status] = (counts[message.status] ?? 0) + 1
  return counts
}

/** The submits the SMSC accepted for these refs: how many arrived, how many distinct, how many twice. */
function submitsOf(refs: Set<string>) {
  const accepted = smsc!.submits.filter((submit) => submit.messageId && submit.ref && refs.has(submit.ref))
  const distinct = new Set(accepted.map((submit) => submit.ref))
  return { total: accepted.length, distinct: distinct.size, duplicates: accepted.length - distinct.size }
}

/** Refs the SMSC accepted more than once. */
function duplicatedRefs(refs: Set<string>) {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const submit of smsc!.submits) {
    if (!submit.messageId || !submit.ref || !refs.has(submit.ref)) continue
    if (seen.has(submit.ref)) repeated.add(submit.ref)
    seen.add(submit.ref)
  }
  return repeated
}

/** Every message charged exactly once: one release and one debit per hold, the wallet down by the sum of the prices, nothing held. */
async function assertSettledOnce(assert: any, brand: Texter, messages: Message[]) {
  const ledger = await ledgerOf(brand.tenant, brand.wallet.id)
  const debits = ledger.filter((entry) => entry.kind === 'debit')
  const releases = ledger.filter((entry) => entry.kind === 'release')
  const holds = new Set(messages.map((message) => message.holdId))
  assert.equal(debits.length, messages.length)
  assert.equal(new Set(debits.map((entry) => entry.holdId)).size, messages.length)
  assert.isTrue(debits.every((entry) => holds.has(entry.holdId)))
  assert.equal(releases.length, messages.length)
  const wallet = await reload(brand.tenant, brand.wallet.id)
  const prices = messages.reduce((sum, message) => sum + message.priceMicros, 0)
  assert.equal(wallet.heldMicros, 0)
  assert.equal(wallet.balanceMicros, brand.wallet.balanceMicros - prices)
}

test.group('Messaging workers (separate processes)', (group) => {
  group.each.teardown(async () => {
    await Promise.all(workers.splice(0).map((started) => started.stop()))
    await smsc?.close()
    smsc = null
  })

  test('a worker killed with SIGKILL mid-batch loses nothing; the next one finishes the batch, each message charged once', async ({ assert }) => {
    smsc = await startSmsc({ receiptDelayMs: 50 })
    const brand = await saasTexter(600)
    const queued = await queueMany(brand, 600)
    const refs = new Set(queued.map((message) => message.ref))

    const binds = 2
    const window = 10
    const first = worker({ binds, window, ratePerSecond: 100 })
    await eventually(async () => submitsOf(refs).distinct >= 200, 40_000)
    await first.crash()
    const atKill = submitsOf(refs)
    const killedAt = Date.now()
    assert.isBelow(atKill.distinct, 600, 'the worker had to die mid-batch')

    /** Rows the dead worker had claimed come back once their claim expires (config/messaging.ts outbox.claimSeconds). */
    const second = worker({ binds, window })
    await second.ready()
    const final = await eventually(async () => {
      const messages = await messagesOf(brand.tenant)
      return messages.every((message) => message.status === 'delivered' || message.status === 'sent') && messages
    }, 100_000)

    assert.lengthOf(final, 600)
    assert.isTrue(final.every((message) => message.sentAt !== null && message.carrierMessageId !== null))
    assert.equal(new Set(final.map((message) => message.ref)).size, 600)
    await assertSettledOnce(assert, brand, final)
    const seen = submitsOf(refs)
    assert.equal(seen.distinct, 600, 'every message reached the SMSC')
    /**
     * Only what the dead worker had in flight, or had answered in its last moments and not yet
     * recorded (answers are written every 20 ms), may reach the SMSC twice.
     */
    const repeated = duplicatedRefs(refs)
    const firstSeen = new Map<string, number>()
    for (const submit of smsc!.submits) if (submit.ref && !firstSeen.has(submit.ref)) firstSeen.set(submit.ref, submit.at)
    const stale = [...repeated].filter((ref) => killedAt - firstSeen.get(ref)! > 1000)
    assert.lengthOf(stale, 0, `${repeated.size} duplicate(s), ${stale.length} of them first sent more than 1 s before the kill (window x binds = ${window * binds})`)
    const carrierIds = new Set(final.map((message) => message.carrierMessageId))
    assert.equal(carrierIds.size, 600)
  }).timeout(150_000)

  test('two workers share a queue: each message is submitted exactly once and delivered', async ({ assert }) => {
    smsc = await startSmsc({ receiptDelayMs: 20 })
    const brand = await saasTexter(1000)
    const both = [worker(), worker()]
    await Promise.all(both.map((started) => started.ready()))
    assert.equal(smsc.sessions, 2)

    const queued = await queueMany(brand, 1000)
    const refs = new Set(queued.map((message) => message.ref))
    await eventually(async () => (await statuses(brand)).delivered === 1000 || null, 60_000).catch(async (error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await statuses(brand))}`)
    })

    const seen = submitsOf(refs)
    assert.equal(seen.distinct, 1000)
    assert.equal(seen.duplicates, 0)
    const sessions = new Set(smsc.submits.filter((submit) => submit.ref && refs.has(submit.ref)).map((submit) => submit.session))
    assert.equal(sessions.size, 2, 'both workers submitted some of the messages')
    await assertSettledOnce(assert, brand, await messagesOf(brand.tenant))
  }).timeout(120_000)

  test('scheduled messages survive a worker restart and fire once, on time', async ({ assert }) => {
    smsc = await startSmsc()
    const brand = await saasTexter(20)
    const first = worker()
    await first.ready()
    const sendAt = DateTime.utc().plus({ seconds: 20 }).startOf('second')
    const scheduled = await runForTenant(brand.tenant, async () => {
      const messages: Message[] = []
      for (let i = 0; i < 20; i++) {
        const at = sendAt.plus({ milliseconds: i * 250 }).toISO({ includeOffset: false })!
        messages.push(await messageService.send(brand.snapshot, brand.member.id, { to: DESTINATIONS[i], body: `Later ${i}`, sendAt: at, timeZone: 'UTC' }))
      }
      return messages
    })
    assert.isTrue(scheduled.every((message) => message.status === 'scheduled'))
    await first.crash()
    assert.lengthOf(smsc.submits, 0)
    assert.deepEqual(await statuses(brand), { scheduled: 20 })

    const second = worker()
    await second.ready()
    assert.isTrue(DateTime.utc() < sendAt, 'the new worker has to be up before the first message is due')
    const fired = await eventually(async () => {
      const messages = await messagesOf(brand.tenant)
      return messages.every((message) => message.sentAt !== null) && messages
    }, 40_000)

    for (const message of fired) {
      const lateMs = message.sentAt!.toMillis() - message.scheduledFor!.toMillis()
      assert.isAtLeast(lateMs, 0)
      assert.isAtMost(lateMs, 2000, `message ${message.id} fired ${lateMs} ms late`)
    }
    const seen = submitsOf(new Set(scheduled.map((message) => message.ref)))
    assert.equal(seen.distinct, 20)
    assert.equal(seen.duplicates, 0)
  }).timeout(90_000)
})
