import type { Socket } from 'node:net'
import type { Connection, Parser } from 'modesl'

/** Decodes a URL-encoded header value; a malformed escape keeps the raw text instead of throwing. */
export function safeDecode(value: string) {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** modesl's header-block parser with a decode that cannot throw. */
function parseHeaderText(text: string) {
  const headers: Record<string, string | number> = {}
  for (const line of text.split('\n')) {
    const at = line.indexOf(': ')
    const key = at === -1 ? line : line.slice(0, at)
    const value = at === -1 ? '' : safeDecode(line.slice(at + 2))
    headers[key] = key === 'Content-Length' ? Number.parseInt(value, 10) : value
  }
  return headers
}

/**
 * modesl parses frames inside the socket's `data` listener, so a frame it cannot handle (or a
 * listener that throws) would become an uncaught exception and stop the process. This swaps in
 * a decode that cannot throw and a `data` listener that catches: on anything else the socket
 * is dropped (the byte stream cannot be trusted after that) and the owner reconnects.
 */
export function hardenConnection(conn: Connection, onFault: (error: unknown) => void) {
  if (conn.parser && conn.socket) hardenParser(conn.parser, conn.socket, onFault)
}

/** The same for a bare parser on any stream that emits `data` (tests feed it captured bytes). */
export function hardenParser(parser: Parser, socket: Pick<Socket, 'on' | 'removeAllListeners' | 'destroy'>, onFault: (error: unknown) => void) {
  parser._parseHeaderText = parseHeaderText
  socket.removeAllListeners('data')
  socket.on('data', (chunk: Buffer) => {
    try {
      parser._onData(chunk)
    } catch (error) {
      onFault(error)
      socket.destroy()
    }
  })
}
