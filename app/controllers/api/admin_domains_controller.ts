import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import tenancy from '#tenants/main'
import { ok, sendError } from '#services/api_envelope'
import { serializeDomain } from '#services/serializers'

const addDomainValidator = vine.create({ hostname: vine.string().trim().minLength(3).maxLength(253) })

/** The brand's domains: list, add (with DNS instructions), verify, make primary, remove. */
export default class AdminDomainsController {
  async index(ctx: HttpContext) {
    const domains = await tenancy.domains.list(ctx.tenant)
    return ok(domains.map(serializeDomain))
  }

  async show(ctx: HttpContext) {
    const domain = await this.#find(ctx)
    if (!domain) return sendError(ctx, 404, 'NOT_FOUND', 'No such domain')
    return ok({ ...serializeDomain(domain), verification: tenancy.domains.instructions(domain) })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageTenant')
    const { hostname } = await ctx.request.validateUsing(addDomainValidator)
    const domain = await tenancy.domains.add(ctx.tenant, hostname)
    return ctx.response.created(ok({ ...serializeDomain(domain), verification: tenancy.domains.instructions(domain) }))
  }

  async verify(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageTenant')
    const domain = await this.#find(ctx)
    if (!domain) return sendError(ctx, 404, 'NOT_FOUND', 'No such domain')
    if (!(await tenancy.domains.verify(ctx.tenant, domain))) {
      const { recordName, recordValue } = tenancy.domains.instructions(domain)
      return sendError(ctx, 422, 'DOMAIN_NOT_VERIFIED', `No TXT record ${recordName} with ${recordValue} was found`)
    }
    return ok(serializeDomain(domain))
  }

  async primary(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageTenant')
    const domain = await this.#find(ctx)
    if (!domain) return sendError(ctx, 404, 'NOT_FOUND', 'No such domain')
    if (!(await tenancy.domains.makePrimary(ctx.tenant, domain))) {
      return sendError(ctx, 409, 'DOMAIN_NOT_VERIFIED', 'Verify the domain before making it primary')
    }
    return ok(serializeDomain(domain))
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageTenant')
    const domain = await this.#find(ctx)
    if (!domain) return sendError(ctx, 404, 'NOT_FOUND', 'No such domain')
    if (!(await tenancy.domains.remove(ctx.tenant, domain))) {
      return sendError(ctx, 409, 'DOMAIN_REQUIRED', 'The platform subdomain cannot be removed')
    }
    return ctx.response.noContent()
  }

  /** The domain named in the URL, looked up inside this brand only. */
  #find(ctx: HttpContext) {
    return tenancy.domains.find(ctx.tenant, ctx.params.id)
  }
}
