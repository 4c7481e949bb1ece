import { PassThrough } from 'node:stream'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { TelephonyConfig } from '#config/telephony'
import liveCallEvents, { type LiveAudience } from '#services/calls/live_call_events'
import liveCalls from '#services/calls/live_calls_service'

/**
 * Answers with a Server-Sent Events stream of the audience's calls: `snapshot` (the live calls
 * now) first, then a `call` event per change, keep-alive comments in between. The stream ends
 * when the client goes away, or after liveEvents.maxStreamMs (EventSource reconnects by itself,
 * and the reconnect is authenticated afresh).
 */
export async function streamCalls(ctx: HttpContext, audience: LiveAudience) {
  const { heartbeatMs, maxStreamMs } = app.config.get<TelephonyConfig>('telephony').liveEvents
  const stream = new PassThrough()
  const send = (event: string, data: unknown) => stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)

  /**
   * Changes are written in order through one chain: while the snapshot is read they wait behind
   * it (each carries the whole call, so order is enough); staff streams add the caller's email.
   */
  const staff = audience.userId === null
  const emails = new Map<number, string | null>()
  let pending: unknown[] | null = []
  let chain = Promise.resolve()
  const deliver = (call: unknown) => (pending ? pending.push(call) : send('call', call))
  const stop = await liveCallEvents.listen(audience, (change) => {
    chain = chain
      .then(async () => {
        const call: Record<string, unknown> = { ...change.call, userId: change.userId }
        if (staff && change.userId !== null) {
          if (!emails.has(change.userId)) emails.set(change.userId, await liveCalls.emailOf(ctx.tenant, change.userId))
          call.userEmail = emails.get(change.userId)
        }
        deliver(call)
      })
      .catch((error) => ctx.logger.warn({ err: error }, 'a live call event could not be written'))
  })
  const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), heartbeatMs).unref()
  const expiry = setTimeout(() => stream.end(), maxStreamMs).unref()
  stream.once('close', () => {
    stop()
    clearInterval(heartbeat)
    clearTimeout(expiry)
  })

  stream.write('retry: 3000\n\n')
  try {
    send('snapshot', { calls: staff ? await liveCalls.listForStaff(ctx.tenant) : await liveCalls.list(ctx.tenant, audience.userId) })
  } catch (error) {
    stream.destroy()
    throw error
  }
  chain = chain.then(() => {
    for (const call of pending ?? []) send('call', call)
    pending = null
  })

  ctx.response.status(200)
  ctx.response.header('content-type', 'text/event-stream; charset=utf-8')
  ctx.response.header('cache-control', 'no-cache, no-transform')
  ctx.response.header('x-accel-buffering', 'no')
  ctx.response.stream(stream)
}
