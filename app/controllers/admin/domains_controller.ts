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
      ctx.session.flash('success', `${domain.hostname} was added. Publish the TXT record below, then verify it.`)
      return ctx.response.redirect().toRoute('admin.domains.index')
    } catch (error) {
      if (error instanceof DomainTakenException) return this.#page(ctx, { status: 409, hostname, error: error.message })
      if (error instanceof InvalidDomainException) return this.#page(ctx, { status: 422, hostname, error: error.message })
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        return this.#page(ctx, { status: 422, hostname, error: error.messages[0].message })
      }
      throw error
    }
  }

  async verify(ctx: HttpContext) {
    await authorizeChange(ctx)
    const domain = await tenancy.domains.find(ctx.tenant, ctx.params.id)
    if (!domain) return notFound(ctx)
    if (await tenancy.domains.verify(ctx.tenant, domain)) {
      ctx.session.flash('success', `${domain.hostname} is verified and now serves your brand.`)
    } else {
      const { recordName, recordValue } = tenancy.domains.instructions(domain)
      ctx.session.flash('error', `No TXT record ${recordName} with "${recordValue}" was found yet. DNS changes can take a while; try again later.`)
    }
    return ctx.response.redirect().toRoute('admin.domains.index')
  }

  async primary(ctx: HttpContext) {
    await authorizeChange(ctx)
    const domain = await tenancy.domains.find(ctx.tenant, ctx.params.id)
    if (!domain) return notFound(ctx)
    if (await tenancy.domains.makePrimary(ctx.tenant, domain)) {
      ctx.session.flash('success', `${domain.hostname} is now your primary domain.`)
    } else {
      ctx.session.flash('error', `Verify ${domain.hostname} before making it primary.`)
    }
    return ctx.response.redirect().toRoute('admin.domains.index')
  }

  async destroy(ctx: HttpContext) {
    await authorizeChange(ctx)
    const domain = await tenancy.domains.find(ctx.tenant, ctx.params.id)
    if (!domain) return notFound(ctx)
    if (await tenancy.domains.remove(ctx.tenant, domain)) {
      ctx.session.flash('success', `${domain.hostname} was removed.`)
    } else {
      ctx.session.flash('error', 'The platform subdomain always stays.')
    }
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
