import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@vinejs/vine'
import type PlatformUser from '#models/platform_user'
import { SlugTakenException } from '#services/platform_tenant_service'
import { DomainTakenException, InvalidDomainException } from '#tenants/domains'

/** Who did it, as config history and the audit log record it. */
export function actorOf(ctx: HttpContext) {
  return `platform:${(ctx.auth.user as PlatformUser).email}`
}

/**
 * Runs a console action and turns "slug taken" / "domain taken" into a field error, so the
 * form comes back with the message beside the field like any validation failure.
 */
export async function withFieldErrors<T>(domainField: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    const field =
      error instanceof SlugTakenException
        ? 'slug'
        : error instanceof DomainTakenException || error instanceof InvalidDomainException
          ? domainField
          : null
    if (!field) throw error
    throw new errors.E_VALIDATION_ERROR([{ field, message: error.message, rule: error.code ?? 'conflict' }])
  }
}
