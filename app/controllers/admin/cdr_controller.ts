import type { HttpContext } from '@adonisjs/core/http'
import { CALL_STATUSES } from '#models/call'
import callQueries, { type CallFilters } from '#services/calls/call_queries'
import { sendCdrCsv } from '#controllers/cdr_csv_response'
import { listCallsValidator } from '#validators/call_rules'
import { renderAdmin } from './admin_page.js'

/** The brand's call detail records for its staff: filters, pages, and the same rows as CSV. */
export default class CdrController {
  async index(ctx: HttpContext) {
    const { filters, page } = await readFilters(ctx)
    const { calls, emails } = await callQueries.forBrand(ctx.tenant, filters, page)
    return renderAdmin(ctx, 'calls', {
      calls: calls.all(),
      meta: calls.getMeta(),
      emails,
      filters,
      search: query(filters),
      statuses: CALL_STATUSES,
    })
  }

  async export(ctx: HttpContext) {
    const { filters } = await readFilters(ctx)
    return sendCdrCsv(ctx, filters)
  }
}

/** Filters that do not parse are dropped (a page, not an API: no error page for a typo). */
async function readFilters(ctx: HttpContext): Promise<{ filters: CallFilters; page: number }> {
  const [, input] = await listCallsValidator.tryValidate(ctx.request.qs())
  const { page, perPage: _perPage, ...filters } = input ?? {}
  if (filters.from && filters.to && filters.to < filters.from) delete filters.to
  return { filters, page: page ?? 1 }
}

function query(filters: CallFilters) {
  return new URLSearchParams(
    Object.entries(filters)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => [key, String(value)])
  ).toString()
}
