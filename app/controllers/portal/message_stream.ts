import { PassThrough } from 'node:stream'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { TelephonyConfig } from '#config/telephony'
import type { PresentedMessage } from '#services/messaging/message_feed'
import liveMessageEvents, { type MessageAudience } from '#services/messaging/live_message_events'

/**
 * Answers with a Server-Sent Events stream of the audience's messages: `snapshot` (what
 * `snapshot()` reads, e.g. the open thread) first, then a `message` event per change, keep-alive
 * comments in between. Changes that happen while the snapshot is read wait behind it. The
 * stream ends when the client goes away, or after the platform's maximum stream time (the
 * browser reconnects, authenticated afresh). Uses the same limits as the live call streams.
 */
export async function streamMessages(ctx: HttpContext, audience: MessageAudience, snapshot: () => Promise<PresentedMessage[]>) {
  const { heartbeatMs, maxStreamMs } = app.config.get<TelephonyConfig>('telephony').liveEvents
  const stream = new PassThrough()
  const send = (event: string, data: unknown) => stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)

  let pending: PresentedMessage[] | null = []
  const stop = await liveMessageEvents.listen(audience, (change) => (pending ? pending.push(change.message) : send('message', change.message)))
  const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), heartbeatMs).unref()
  const expiry = setTimeout(() => stream.end(), maxStreamMs).unref()
  stream.once('close', () => {
    stop()
    clearInterval(heartbeat)
    clearTimeout(expiry)
  })

  stream.write('retry: 3000\n\n')
  try {
    send('snapshot', { messages: await snapshot() })
  } catch (error) {
    stream.destroy()
    throw error
  }
  for (const message of pending) send('message', message)
  pending = null

  ctx.response.status(200)
  ctx.response.header('content-type', 'text/event-stream; charset=utf-8')
  ctx.response.header('cache-control', 'no-cache, no-transform')
  ctx.response.header('x-accel-buffering', 'no')
  ctx.response.stream(stream)
}
