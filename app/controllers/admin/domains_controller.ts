import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import tenancy from '#tenants/main'
import { DomainTakenException, InvalidDomainException } from '#tenants/domains'
import { createDomainValidator } from '#validators/admin_domains'
import { authorizeChange, notFound, renderAdmin } from './admin_page.js'

/** The brand's hostnames: add a custom domain, prove it through DNS, make it primary, remove it. */
export default class DomainsController {
  async index(ctx: HttpContext) {
    return this.#page(ctx)
  }

  /** A refused domain re-renders the page with the reason: 409 when another brand has it, else 422. */
  async store(ctx: HttpContext) {
    await authorizeChange(ctx)
    const hostname = String(ctx.request.input('hostname') ?? '')
    try {
      const { hostname: wanted } = await ctx.request.validateUsing(createDomainValidator)
      const domain = await tenancy.domains.add(ctx.tenant, wanted)
      return this.#done(ctx, 'success', `${domain.hostname} was added. Publish the TXT record below, then verify it.`)
    } catch (error) {
      if (error instanceof DomainTakenException) return this.#page(ctx, { status: 409, hostname, error: error.message })
      if (error instanceof InvalidDomainException) return this.#page(ctx, { status: 422, hostname, error: error.message })
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      return this.#page(ctx, { status: 422, hostname, error: error.messages[0].message })
    }
  }

  /** Looks the TXT record up now; DNS may lag, so "not yet" is an answer, not an error page. */
  async verify(ctx: HttpContext) {
    const domain = await this.#domainToChange(ctx)
    if (!domain) return notFound(ctx)
    if (await tenancy.domains.verify(ctx.tenant, domain)) {
      return this.#done(ctx, 'success', `${domain.hostname} is verified and now serves your brand.`)
    }
    const { recordName, recordValue } = tenancy.domains.instructions(domain)
    return this.#done(ctx, 'error', `No TXT record ${recordName} with "${recordValue}" was found yet. DNS changes can take a while; try again later.`)
  }

  /** The primary domain is the one links and emails use; only a proven domain may be it. */
  async primary(ctx: HttpContext) {
    const domain = await this.#domainToChange(ctx)
    if (!domain) return notFound(ctx)
    if (await tenancy.domains.makePrimary(ctx.tenant, domain)) {
      return this.#done(ctx, 'success', `${domain.hostname} is now your primary domain.`)
    }
    return this.#done(ctx, 'error', `Verify ${domain.hostname} before making it primary.`)
  }

  async destroy(ctx: HttpContext) {
    const domain = await this.#domainToChange(ctx)
    if (!domain) return notFound(ctx)
    if (await tenancy.domains.remove(ctx.tenant, domain)) {
      return this.#done(ctx, 'success', `${domain.hostname} was removed.`)
    }
    return this.#done(ctx, 'error', 'The platform subdomain always stays.')
  }

  /** Authorizes the change first, then finds the domain among this brand's own only. */
  async #domainToChange(ctx: HttpContext) {
    await authorizeChange(ctx)
    return tenancy.domains.find(ctx.tenant, ctx.params.id)
  }

  #done(ctx: HttpContext, kind: 'success' | 'error', message: string) {
    ctx.session.flash(kind, message)
    return ctx.response.redirect().toRoute('admin.domains.index')
  }

  async #page(ctx: HttpContext, refused?: { status: number; hostname: string; error: string }) {
    const domains = await tenancy.domains.list(ctx.tenant)
    const rows = domains.map((domain) => ({
      domain,
      instructions: domain.resolves ? null : tenancy.domains.instructions(domain),
    }))
    const cnameTarget = domains.find((domain) => domain.kind === 'platform_subdomain')?.hostname ?? null
    if (refused) ctx.response.status(refused.status)
    return renderAdmin(ctx, 'domains', { rows, cnameTarget, refused: refused ?? null })
  }
}
