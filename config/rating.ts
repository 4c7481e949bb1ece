import env from '#start/env'

/** The rating engine: how rate-deck changes reach every process, and how often a cached deck is re-checked. */
const ratingConfig = {
  /** Change bus: redis when Redis is enabled (every instance rebuilds), else in-process only. */
  bus: env.get('REDIS_ENABLED', false) ? ('redis' as const) : ('memory' as const),
  busChannel: `${env.get('REDIS_PREFIX') ?? 'brandline'}:rates`,
  /** Seconds between cheap checks that the cached deck is still the active one (a lost message heals). */
  recheckSeconds: 30,
  /** The longest call a hold is sized for, in seconds. */
  maxCallSeconds: 86_400,
}

export default ratingConfig
