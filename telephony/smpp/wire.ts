import smpp from 'smpp'

/**
 * What both ends of Brandline's SMPP links agree on: our vendor TLV carrying the stable message
 * ref (so an SMSC can spot a resubmission after a dropped bind), the concatenation UDH, and the
 * command_status values the driver acts on.
 */
export const REF_TLV = 'brandline_ref'
export const REF_TLV_ID = 0x1501
smpp.addTLV(REF_TLV, { id: REF_TLV_ID, type: smpp.types.tlv.cstring })

export const STATUS = {
  ROK: 0x00,
  RINVMSGLEN: 0x01,
  RINVBNDSTS: 0x04,
  RSYSERR: 0x08,
  RINVSRCADR: 0x0a,
  RINVDSTADR: 0x0b,
  RBINDFAIL: 0x0d,
  RINVPASWD: 0x0e,
  RMSGQFUL: 0x14,
  RTHROTTLED: 0x58,
} as const

export const ESM_CLASS = { DELIVERY_RECEIPT: 0x04, UDH_INDICATOR: 0x40 } as const
export const DATA_CODING = { GSM: 0x00, UCS2: 0x08 } as const
export const INTERFACE_VERSION_34 = 0x34

/** A concatenation UDH (IEI 0x00: 8-bit reference, total, sequence), as the UDL-prefixed bytes. */
export function concatUdh(reference: number, total: number, sequence: number) {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, sequence])
}

export interface ConcatInfo {
  reference: number
  total: number
  sequence: number
}

/** Reads the concatenation element from the library's decoded UDH list (IEI 0x00 or the 16-bit 0x08). */
export function concatOf(udh: Buffer[] | undefined): ConcatInfo | null {
  for (const element of udh ?? []) {
    if (element[0] === 0x00 && element.length >= 5) return { reference: element[2], total: element[3], sequence: element[4] }
    if (element[0] === 0x08 && element.length >= 6) return { reference: element.readUInt16BE(2), total: element[4], sequence: element[5] }
  }
  return null
}

/** The text of a decoded short_message (or message_payload) field. */
export function textOf(field: unknown): string {
  if (typeof field === 'string') return field
  if (Buffer.isBuffer(field)) return field.toString('latin1')
  if (field && typeof field === 'object' && 'message' in field) return textOf((field as { message: unknown }).message)
  return ''
}

/** `0x58` style, as stored in a message's error_code. */
export function hexStatus(status: number) {
  return `0x${status.toString(16).padStart(2, '0').toUpperCase()}`
}
