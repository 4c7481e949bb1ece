import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import Invoice from '#models/invoice'
import Tenant from '#models/tenant'
import User from '#models/user'
import Wallet from '#models/wallet'
import statements, { InvalidPeriodException, periodBounds, previousPeriod } from '#services/invoices/statement_service'
import { renderInvoicePdf } from '#services/invoices/invoice_pdf'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { isUniqueViolation } from '#tenants/config/service'
import tenancy from '#tenants/main'
import type { TenantSnapshot } from '#tenants/snapshot'
import { dbTime } from '#services/db_time'

export interface GenerationSummary {
  created: number
  existing: number
  /** Wallets with no ledger entry by the end of the period: nothing to state. */
  skipped: number
}

const MAX_NUMBER_RACES = 5

/**
 * Monthly statements ("invoices"): issued once per user and closed month from the ledger,
 * numbered per brand (`ACME-202610-000001`), listed for their owner and rendered to PDF on
 * demand. Every method takes the tenant and runs scoped to it.
 */
export class InvoiceService {
  /** Issues the period's missing invoices for every wallet of the brand; safe to repeat. */
  generate(tenant: TenantSnapshot, period: string, now: DateTime = DateTime.utc()): Promise<GenerationSummary> {
    const { end } = periodBounds(period)
    if (end > now) throw new InvalidPeriodException(`${period} has not ended yet; statements are for closed months`)
    return runForTenant(tenant, async () => {
      const summary: GenerationSummary = { created: 0, existing: 0, skipped: 0 }
      const wallets = await Wallet.query().where('created_at', '<', dbTime(end)).orderBy('id')
      const done = new Set((await Invoice.query().where('period', period).select('user_id')).map((row) => row.userId))
      summary.existing = wallets.filter((wallet) => done.has(wallet.userId)).length
      for (const wallet of wallets.filter((candidate) => !done.has(candidate.userId))) {
        const issued = await this.issue(tenant, wallet, period)
        if (!issued) summary.skipped++
        else if (issued.created) summary.created++
        else summary.existing++
      }
      return summary
    })
  }

  /** The wallet's invoice for the period (the one already issued, or a new one), or null when there is nothing to state. */
  issue(tenant: TenantSnapshot, wallet: Wallet, period: string): Promise<{ invoice: Invoice; created: boolean } | null> {
    return runForTenant(tenant, async () => {
      const existing = await Invoice.query().where('user_id', wallet.userId).where('period', period).first()
      if (existing) return { invoice: existing, created: false }
      const statement = await statements.compute(wallet, period)
      if (!statement.hasHistory) return null
      const user = await User.findOrFail(wallet.userId)
      const { branding, config } = tenant
      const base = {
        userId: wallet.userId,
        walletId: wallet.id,
        period,
        currency: statement.currency,
        openingBalanceMicros: statement.openingBalanceMicros,
        creditsMicros: statement.creditsMicros,
        debitsMicros: statement.debitsMicros,
        closingBalanceMicros: statement.closingBalanceMicros,
        totals: statement.totals,
        issuer: {
          appName: branding.appName,
          companyName: branding.companyName,
          legalEntity: branding.legalEntity,
          support: { email: config.support.email, phone: config.support.phone, url: config.support.url },
        },
        customer: { email: user.email, fullName: user.fullName },
      }
      return this.#insertNumbered(tenant, base)
    })
  }

  /**
   * Takes the brand's next sequence number for the period. Two issuers racing for the same
   * number, or for the same user and period, are settled by the unique keys: the loser retries
   * with the next number, or returns the invoice the winner issued.
   */
  async #insertNumbered(tenant: TenantSnapshot, base: Partial<Invoice>) {
    for (let race = 0; ; race++) {
      const [{ last }] = await Invoice.query().where('period', base.period!).max('sequence as last').pojo<{ last: unknown }>()
      const sequence = Number(last ?? 0) + 1
      const number = `${tenant.slug.toUpperCase()}-${base.period!.replace('-', '')}-${String(sequence).padStart(6, '0')}`
      try {
        return { invoice: await Invoice.create({ ...base, sequence, number }), created: true }
      } catch (error) {
        if (!isUniqueViolation(error) || race >= MAX_NUMBER_RACES) throw error
        const winner = await Invoice.query().where('user_id', base.userId!).where('period', base.period!).first()
        if (winner) return { invoice: winner, created: false }
      }
    }
  }

  /** The user's invoices, newest period first. */
  listForUser(tenant: TenantSnapshot, userId: number, page = 1, perPage = 25) {
    return runForTenant(tenant, () =>
      Invoice.query().where('user_id', userId).orderBy('period', 'desc').orderBy('id', 'desc').paginate(Math.max(1, page), Math.min(100, Math.max(1, perPage)))
    )
  }

  /** One of the user's invoices, or null when it is someone else's (or another brand's). */
  findForUser(tenant: TenantSnapshot, userId: number, id: number) {
    return runForTenant(tenant, () => Invoice.query().where('id', id).where('user_id', userId).first())
  }

  /** The brand's invoices for its staff, newest first, optionally one month's. */
  listForBrand(tenant: TenantSnapshot, options: { page?: number; perPage?: number; period?: string } = {}) {
    return runForTenant(tenant, () => {
      const query = Invoice.query().orderBy('period', 'desc').orderBy('sequence', 'desc')
      if (options.period) query.where('period', options.period)
      return query.paginate(Math.max(1, options.page ?? 1), Math.min(100, Math.max(1, options.perPage ?? 25)))
    })
  }

  /** Any invoice of the brand (for its staff); another brand's id finds nothing. */
  findForBrand(tenant: TenantSnapshot, id: number) {
    return runForTenant(tenant, () => Invoice.find(id))
  }

  /** The invoice as a PDF in the brand's current look; its figures and parties are the issued ones. */
  async pdf(tenant: TenantSnapshot, invoice: Invoice) {
    const body = await renderInvoicePdf(invoice, tenant.branding)
    return { body, filename: `${invoice.number}.pdf` }
  }

  /**
   * The period's missing invoices in every brand (or the one with `slug`), brand by brand:
   * one brand's failure is reported and does not stop the others.
   */
  async generateEverywhere(period = previousPeriod(), options: { now?: DateTime; slug?: string } = {}) {
    const rows = await acrossAllTenants('issue monthly invoices', () => {
      const query = Tenant.query().orderBy('id')
      return options.slug ? query.where('slug', options.slug) : query
    })
    const results: { slug: string; summary?: GenerationSummary; error?: Error }[] = []
    for (const row of rows) {
      const tenant = await tenancy.resolver.snapshot(row.id)
      if (!tenant) continue
      try {
        results.push({ slug: tenant.slug, summary: await this.generate(tenant, period, options.now) })
      } catch (error) {
        logger.error({ err: error, tenant: tenant.slug, period }, 'invoice generation failed')
        results.push({ slug: tenant.slug, error: error as Error })
      }
    }
    return results
  }

  /** The scheduler's pass: last month's missing invoices in every brand; how many it issued. */
  async generateLastMonth() {
    const results = await this.generateEverywhere(previousPeriod())
    return results.reduce((issued, result) => issued + (result.summary?.created ?? 0), 0)
  }
}

const invoiceService = new InvoiceService()
export default invoiceService
