import type { HttpContext } from '@adonisjs/core/http'

/** Sends a generated PDF as a download; private to the signed-in user, never cached on the way. */
export function sendPdf(ctx: HttpContext, body: Buffer, filename: string) {
  const safeName = filename.replace(/[^\w.-]/g, '_')
  ctx.response.header('content-type', 'application/pdf')
  ctx.response.header('content-disposition', `attachment; filename="${safeName}"`)
  ctx.response.header('cache-control', 'private, no-store')
  return ctx.response.send(body)
}
