import { Exception } from '@adonisjs/core/exceptions'

/**
 * The number provider could not be reached or answered with a server error: nothing was
 * bought, the client may retry later (502 GATEWAY_UNAVAILABLE in the API envelope).
 */
export class NumberProviderUnavailableError extends Exception {
  constructor(
    readonly provider: string,
    readonly detail: string
  ) {
    super(`The number provider could not be reached; nothing was bought, try again in a few minutes`, {
      status: 502,
      code: 'GATEWAY_UNAVAILABLE',
    })
  }
}

/** A provider name the manager does not know, or a provider set up without what it needs. */
export class NumberProviderConfigError extends Error {}
