import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { PDU } from 'smpp'
import { parseReceiptText, receiptDate, statusOfState } from '#telephony/smpp/receipt_text'
import { textOf } from '#telephony/smpp/wire'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/smpp/${name}`, import.meta.url), 'utf8')
const receiptLines = () =>
  fixture('delivery_receipts.txt')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))

/** Every receipt line of the fixture, in order: id, our status, err (null when zero), done date. */
const EXPECTED: Array<[string, string, string | null, string | null]> = [
  ['0123456789', 'delivered', '012', '2010-05-24T23:39:00.000Z'],
  ['4', 'delivered', null, '2010-06-02T00:51:00.000Z'],
  ['0059113978', 'delivered', null, '2010-02-10T17:31:00.000Z'],
  ['74e02ee1-4e2f-4a6e-a78b-4b247d756a22', 'delivered', null, '2011-02-06T19:31:10.000Z'],
  ['74e02ee1-4e2f-4a6e-a78b-4b247d756a22', 'delivered', null, '2011-02-06T19:31:10.000Z'],
  ['2E179B310EDE971B2760C72B7F026E1B', 'delivered', null, '2011-03-14T18:17:41.000Z'],
  ['98765432101', 'enroute', null, '2010-01-01T00:00:00.000Z'],
  ['c449ab9744f47b6af1879e49e75e4f40', 'accepted', null, '2006-10-19T10:18:00.000Z'],
  ['7220bb6bd0be98fa628de66590f80070', 'delivered', null, '2006-10-19T09:51:00.000Z'],
  ['b756c4f97aa2e1e67377dffc5e2f7d9b', 'failed', '1', '2006-10-19T12:11:00.000Z'],
  ['bd778cd76ae9e79da2ddc8188c68f8c1', 'failed', '1', '2006-10-19T15:39:00.000Z'],
  ['1661543146', 'delivered', null, '2011-01-26T11:10:00.000Z'],
  ['1891273321', 'delivered', null, '2013-05-05T08:26:00.000Z'],
  ['a29f6845555647139e5c8f3b817f2c9a', 'delivered', null, '2014-10-23T21:52:59.000Z'],
  ['c87c2273-7edb-4bc7-8d3a-7f57f21b625e', 'delivered', null, '2015-06-20T16:41:00.000Z'],
  ['45013692', 'failed', '21', '2019-08-12T11:58:00.000Z'],
  ['rdwjwxns18krxr9936ey96ymcw', 'failed', null, '2018-07-11T04:00:00.000Z'],
  ['ce5bc5a9-4f7d-4282-9244-2e1022a9335c', 'delivered', null, '2018-09-03T12:08:16.000Z'],
  ['7d093bfa-4d65-4757-b0bb-177fc9d0a038', 'delivered', null, '2018-09-03T12:14:47.000Z'],
  ['171026125222636445993424531920', 'delivered', null, '2017-10-26T13:03:55.000Z'],
  ['fa9542be-3c16-44bb-9a8c-d277ea1851ef', 'delivered', '002', '2019-11-21T17:41:00.000Z'],
  ['1216080510463401720', 'failed', '002', null],
  ['0654354026', 'delivered', null, '2023-02-10T14:54:00.000Z'],
  ['0000000012345678', 'delivered', null, '2016-01-01T01:01:00.000Z'],
  ['0911897980', 'failed', '075', '2012-01-12T15:51:00.000Z'],
]

test.group('SMPP delivery receipt text', () => {
  test('every published receipt line is read: id, status, error and done date', ({ assert }) => {
    const lines = receiptLines()
    assert.lengthOf(lines, EXPECTED.length)
    lines.forEach((line, i) => {
      const parsed = parseReceiptText(line)
      const [id, status, errorCode, doneAt] = EXPECTED[i]
      assert.deepEqual(
        { id: parsed.id, status: parsed.status, errorCode: parsed.errorCode, doneAt: parsed.doneAt?.toISOString() ?? null },
        { id, status, errorCode, doneAt },
        line
      )
    })
  })

  test('the key case, the key order and missing keys do not matter', ({ assert }) => {
    const [inOrder, outOfOrder] = receiptLines().slice(3, 5).map(parseReceiptText)
    assert.deepEqual(outOfOrder, inOrder)
    assert.equal(parseReceiptText('ID:abc STAT:undeliv ERR:005').status, 'failed')
    assert.equal(parseReceiptText('id:abc stat:EXPIRED err:000').status, 'expired')
    assert.isNull(parseReceiptText('hello there').status)
  })

  test('dates: 10, 12 and 14 digits, SMPP absolute time with an offset, zeroed', ({ assert }) => {
    assert.equal(receiptDate('1005242339')?.toISOString(), '2010-05-24T23:39:00.000Z')
    assert.equal(receiptDate('110206193110')?.toISOString(), '2011-02-06T19:31:10.000Z')
    assert.equal(receiptDate('20110314181741')?.toISOString(), '2011-03-14T18:17:41.000Z')
    assert.equal(receiptDate('180711070003912+')?.toISOString(), '2018-07-11T04:00:03.000Z')
    assert.equal(receiptDate('180711070003904-')?.toISOString(), '2018-07-11T08:00:03.000Z')
    assert.isNull(receiptDate('0000000000'))
    assert.isNull(receiptDate('12345'))
    assert.isNull(receiptDate(undefined))
  })

  test('a captured deliver_sm decodes with the library; its TLVs give the state', ({ assert }) => {
    const pdu = new PDU(Buffer.from(fixture('deliver_sm_delivery_receipt_pdu.hex').trim(), 'hex'))
    assert.equal(pdu.command, 'deliver_sm')
    assert.equal(pdu.esm_class & 0x04, 0x04)
    const parsed = parseReceiptText(textOf(pdu.short_message))
    assert.equal(parsed.id, '0059113978')
    assert.equal(parsed.status, 'delivered')
    assert.equal(pdu.receipted_message_id, '38601fa')
    assert.equal(statusOfState(pdu.message_state), 'delivered')
    assert.equal(statusOfState(5), 'failed')
    assert.equal(statusOfState(3), 'expired')
  })
})
