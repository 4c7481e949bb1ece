import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/limiter'

/** Redis-backed limits in production and tests; memory in the quickstart. */
const limiterConfig = defineConfig({
  default: env.get('REDIS_ENABLED', false) ? 'redis' : 'memory',
  stores: {
    redis: stores.redis({ connectionName: 'main', keyPrefix: `${env.get('REDIS_PREFIX') ?? 'brandline'}:limiter` }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
