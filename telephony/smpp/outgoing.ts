import type { OutboundMessage, SubmitFailureKind } from '#telephony/types'
import { segmentsOf } from '#services/messaging/segments'
import { concatUdh, DATA_CODING, REF_TLV } from './wire.js'

/** Refusals that will not change on a retry: the address or the message itself is wrong. */
const PERMANENT = new Set([0x01, 0x02, 0x03, 0x06, 0x07, 0x0a, 0x0b, 0x0c, 0x15, 0x42, 0x43, 0x48, 0x49, 0x50, 0x51, 0x61, 0x62, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4])

/** What a non-zero submit_sm_resp status means for the message (0x58 is handled by pausing the bind). */
export function failureKind(status: number): SubmitFailureKind {
  return PERMANENT.has(status) ? 'permanent' : 'transient'
}

/** E.164 goes out as international digits; anything else (alphanumeric sender ids) as is. */
export function addressOf(number: string) {
  if (/^\+\d+$/.test(number)) return { addr: number.slice(1), ton: 1, npi: 1 }
  if (/^\d+$/.test(number)) return { addr: number, ton: 0, npi: 1 }
  return { addr: number, ton: 5, npi: 0 }
}

/** An address as our numbers are stored: international ones get their `+`. */
export function numberOf(addr: string, ton: number) {
  return ton === 1 && /^\d+$/.test(addr) ? `+${addr}` : addr
}

/**
 * The submit_sm parameters for a message: one PDU, or concatenated parts with a UDH (IEI 0x00,
 * 8-bit reference) when the body is longer than one SMS, each carrying our stable ref and
 * asking for a receipt.
 */
export function submitOptions(message: OutboundMessage, reference: number) {
  const { encoding, parts } = segmentsOf(message.body)
  const source = addressOf(message.from)
  const destination = addressOf(message.to)
  const common = {
    source_addr: source.addr,
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    destination_addr: destination.addr,
    dest_addr_ton: destination.ton,
    dest_addr_npi: destination.npi,
    registered_delivery: 1,
    data_coding: encoding === 'UCS-2' ? DATA_CODING.UCS2 : DATA_CODING.GSM,
    [REF_TLV]: message.ref,
  }
  if (parts.length === 1) return [{ ...common, esm_class: 0, short_message: parts[0] }]
  return parts.map((text, i) => ({ ...common, esm_class: 0x40, short_message: { udh: concatUdh(reference, parts.length, i + 1), message: text } }))
}
