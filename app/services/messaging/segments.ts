import { SegmentedMessage } from 'sms-segments-calculator'

export type SmsEncoding = 'GSM-7' | 'UCS-2'

export interface Segmentation {
  encoding: SmsEncoding
  /** Segments on the wire: 1 for a single message, else the concatenated parts (each with a UDH). */
  segments: number
  /** Characters as the handset counts them (GSM-7 extension characters take two). */
  characters: number
  /** The text of each part, for carriers that want the message split by the sender. */
  parts: string[]
}

/**
 * How a body travels as SMS: GSM-7 when every character is in the GSM 03.38 alphabet (160 per
 * message, 153 per concatenated part), else UCS-2 (70, 67), split on whole characters so an
 * emoji or an escape pair is never cut in two. The counting is sms-segments-calculator's.
 */
export function segmentsOf(body: string): Segmentation {
  const message = new SegmentedMessage(body, 'auto', true)
  const encoding: SmsEncoding = message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7'
  /** Copied out of the library's Array subclass first: its species constructor pads short results with header objects. */
  const parts = message.segments.map((segment) =>
    [...segment]
      .filter((char: any) => !char.isUserDataHeader)
      .map((char: any) => char.raw as string)
      .join('')
  )
  return { encoding, segments: Math.max(1, message.segmentsCount), characters: message.numberOfCharacters, parts: parts.length ? parts : [''] }
}
