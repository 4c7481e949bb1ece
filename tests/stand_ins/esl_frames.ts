import { readFileSync } from 'node:fs'

/**
 * FreeSWITCH event-socket frames as they go over the wire: LF line endings, a header block
 * ended by an empty line, then exactly `Content-Length` bytes of body. Built from the real
 * captures in tests/fixtures/freeswitch-esl/ so the stand-ins speak the switch's own bytes.
 */
export interface Frame {
  headers: [string, string][]
  body: string | null
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

export function fixtureText(name: string) {
  return readFileSync(new URL(`../fixtures/freeswitch-esl/${name}`, import.meta.url), 'utf8')
}

/** Splits a byte stream into frames (bodies are cut by Content-Length, in bytes). */
export function parseFrames(text: string): Frame[] {
  const frames: Frame[] = []
  let rest = Buffer.from(text, 'utf8')
  while (rest.length) {
    const end = rest.indexOf('\n\n')
    const headText = (end === -1 ? rest : rest.subarray(0, end)).toString('utf8')
    rest = end === -1 ? Buffer.alloc(0) : rest.subarray(end + 2)
    if (!headText.trim()) continue
    const headers = headText.split('\n').map((line): [string, string] => {
      const at = line.indexOf(': ')
      return at === -1 ? [line, ''] : [line.slice(0, at), line.slice(at + 2)]
    })
    const length = Number(headers.find(([name]) => name === 'Content-Length')?.[1] ?? 0)
    frames.push({ headers, body: length ? rest.subarray(0, length).toString('utf8') : null })
    rest = rest.subarray(length)
  }
  return frames
}

/** One frame back to bytes, its Content-Length recomputed (kept where it was, else first). */
export function serializeFrame(headers: [string, string][], body: string | null = null) {
  const length: [string, string] = ['Content-Length', String(bytes(body ?? ''))]
  const hasLength = headers.some(([name]) => name === 'Content-Length')
  const head = headers.flatMap(([name, value]): [string, string][] => (name !== 'Content-Length' ? [[name, value]] : body === null ? [] : [length]))
  if (body !== null && !hasLength) head.unshift(length)
  return `${head.map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${body ?? ''}`
}

/** A command/reply frame (`+OK accepted`, `-ERR invalid`, ...), as in command_reply_examples.txt. */
export const commandReply = (text: string, extra: [string, string][] = []) => serializeFrame([['Content-Type', 'command/reply'], ['Reply-Text', text], ...extra])

/** An api/response frame, as in api_response_ok.txt. */
export const apiResponse = (body: string) => serializeFrame([['Content-Type', 'api/response'], ['Content-Length', '']], body)

/**
 * A FreeSWITCH event (the inner `Name: url-encoded value` block of a text/event-plain frame)
 * that tests can change: set or remove headers, give it a body, and send it as plain or JSON.
 */
export class EslEvent {
  constructor(
    public headers: [string, string][],
    public body: string | null = null
  ) {}

  /** The n-th text/event-plain frame of a fixture file. */
  static fromFixture(name: string, index = 0) {
    const frame = parseFrames(fixtureText(name)).filter((candidate) => candidate.headers.some(([key, value]) => key === 'Content-Type' && value === 'text/event-plain'))[index]
    if (!frame?.body) throw new Error(`no event-plain frame #${index} in ${name}`)
    return EslEvent.fromPlainBody(frame.body)
  }

  static fromPlainBody(text: string) {
    const [inner] = parseFrames(text)
    return new EslEvent(inner.headers.filter(([key]) => key !== 'Content-Length'), inner.body)
  }

  get name() {
    return this.get('Event-Name')
  }

  /** A header's decoded value, as a client sees it. */
  get(name: string) {
    const raw = this.headers.find(([key]) => key === name)?.[1]
    if (raw === undefined) return null
    try {
      return decodeURIComponent(raw)
    } catch {
      return raw
    }
  }

  /** modesl's Event interface, so the mapping code can read these directly. */
  getHeader(name: string) {
    return this.get(name)
  }

  /** Sets a header (URL-encoded as FreeSWITCH sends them); returns this for chaining. */
  set(name: string, value: string | number) {
    const encoded = encodeURIComponent(String(value))
    const at = this.headers.findIndex(([key]) => key === name)
    if (at === -1) this.headers.push([name, encoded])
    else this.headers[at] = [name, encoded]
    return this
  }

  remove(name: string) {
    this.headers = this.headers.filter(([key]) => key !== name)
    return this
  }

  clone() {
    return new EslEvent(this.headers.map(([key, value]) => [key, value]), this.body)
  }

  /** The text/event-plain frame: inner block (+ its own Content-Length and body), outer length recomputed. */
  toPlain() {
    const lines = this.headers.map(([key, value]) => `${key}: ${value}`).join('\n')
    const inner = this.body === null ? `${lines}\n\n` : `${lines}\nContent-Length: ${bytes(this.body)}\n\n${this.body}`
    return serializeFrame([['Content-Type', 'text/event-plain']], inner)
  }

  /** The text/event-json frame of the same event (FreeSWITCH puts the body under `_body`). */
  toJson() {
    const object: Record<string, string> = {}
    for (const [key] of this.headers) object[key] = this.get(key)!
    if (this.body !== null) {
      object['Content-Length'] = String(bytes(this.body))
      object._body = this.body
    }
    return serializeFrame([['Content-Type', 'text/event-json']], JSON.stringify(object))
  }
}

/** Splits a client's byte stream into commands (a first line, header lines, an empty line). */
export function commandReader(onCommand: (line: string, headers: Record<string, string>) => void) {
  let buffer = ''
  return (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    let end: number
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const [line, ...rest] = buffer.slice(0, end).split('\n')
      buffer = buffer.slice(end + 2)
      const headers: Record<string, string> = {}
      for (const header of rest) {
        const at = header.indexOf(': ')
        if (at > 0) headers[header.slice(0, at)] = header.slice(at + 2)
      }
      if (line.trim()) onCommand(line.trim(), headers)
    }
  }
}
