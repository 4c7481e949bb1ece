import { constants, inflateSync } from 'node:zlib'

/**
 * The text lines a PDF made by pdfkit shows, read without a PDF library: each stream is
 * inflated when it is Flate-compressed (pdfkit's default) and the hex strings of its TJ
 * operators are joined. That is how pdfkit writes text in the built-in PDF fonts: one byte
 * per character in WinAnsi, which is latin1 for the characters the tests look for.
 */
export function pdfText(pdf: Buffer) {
  const raw = pdf.toString('latin1')
  const lines: string[] = []
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length
    const bytes = pdf.subarray(start, raw.indexOf('endstream', start))
    let content: string
    try {
      content = inflateSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1')
    } catch {
      content = bytes.toString('latin1')
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ/g)) {
      lines.push([...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1], 'hex').toString('latin1')).join(''))
    }
  }
  return lines.join('\n')
}
