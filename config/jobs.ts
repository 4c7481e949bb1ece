import env from '#start/env'

/**
 * Background jobs run in `brandline:worker` processes in production. The quickstart has no
 * worker, so there the web process runs them itself.
 */
const jobsConfig = {
  inline: env.get('WORKERS_INLINE') ?? false,
}

export default jobsConfig
