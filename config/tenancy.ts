import env from '#start/env'

/** Tenancy settings: the platform's own domain and the resolver cache. */
const tenancyConfig = {
  platformDomain: (env.get('PLATFORM_DOMAIN') ?? 'localhost').toLowerCase(),
  /** Subdomain of the platform domain that serves the super-admin surface. */
  platformSubdomain: 'admin',
  /** Invalidation bus: redis when Redis is enabled, else in-process only. */
  bus: env.get('REDIS_ENABLED', false) ? ('redis' as const) : ('memory' as const),
  busChannel: `${env.get('REDIS_PREFIX') ?? 'brandline'}:tenancy`,
  /** Seconds an unknown host is remembered as unknown (new domains publish an invalidation). */
  negativeTtlSeconds: 30,
}

export default tenancyConfig
