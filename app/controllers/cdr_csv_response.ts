import { Readable } from 'node:stream'
import type { HttpContext } from '@adonisjs/core/http'
import callQueries, { type CallFilters } from '#services/calls/call_queries'
import { CDR_COLUMNS, cdrRow, csvLine } from '#services/calls/cdr_presenter'

/**
 * Streams the brand's CDR as CSV in batches, so a long export never sits in memory; private
 * to the staff member, never cached on the way. Used by the admin page and the admin API.
 */
export function sendCdrCsv(ctx: HttpContext, filters: CallFilters) {
  const tenant = ctx.tenant
  async function* lines() {
    yield csvLine(CDR_COLUMNS)
    for await (const { calls, emails } of callQueries.exportBatches(tenant, filters)) {
      yield calls.map((call) => csvLine(cdrRow(call, call.userId === null ? null : (emails.get(call.userId) ?? null)))).join('')
    }
  }
  const day = new Date().toISOString().slice(0, 10)
  ctx.response.header('content-type', 'text/csv; charset=utf-8')
  ctx.response.header('content-disposition', `attachment; filename="${tenant.slug}-calls-${day}.csv"`)
  ctx.response.header('cache-control', 'private, no-store')
  ctx.response.stream(Readable.from(lines()))
}
