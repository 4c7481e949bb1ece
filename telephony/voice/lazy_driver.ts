import type { OriginateRequest, VoiceDriver } from '#telephony/types'

/** A driver that may hold connections: the manager closes it when a config change replaces it. */
export interface ClosableVoiceDriver extends VoiceDriver {
  close?(): Promise<void> | void
}

/**
 * Stands in for a driver whose module and connections are made on first use, so picking a
 * brand's driver is synchronous and cheap and a switch nobody calls is never connected.
 */
export class LazyVoiceDriver implements ClosableVoiceDriver {
  #driver: Promise<ClosableVoiceDriver> | null = null

  /** `settings` says what the driver was built from (no secrets), for logs and tests. */
  constructor(
    readonly name: string,
    readonly settings: Record<string, unknown>,
    private build: () => Promise<ClosableVoiceDriver>
  ) {}

  /** The real driver, built once; a failed build is retried on the next call. */
  resolve(): Promise<ClosableVoiceDriver> {
    if (!this.#driver) {
      this.#driver = this.build()
      this.#driver.catch(() => (this.#driver = null))
    }
    return this.#driver
  }

  async originate(request: OriginateRequest) {
    return (await this.resolve()).originate(request)
  }

  async hangup(switchRef: string, cause?: string) {
    return (await this.resolve()).hangup(switchRef, cause)
  }

  async transfer(switchRef: string, destination: string) {
    return (await this.resolve()).transfer(switchRef, destination)
  }

  /** Closes the real driver if it was ever built. */
  async close() {
    const pending = this.#driver
    this.#driver = null
    const driver = await pending?.catch(() => null)
    await driver?.close?.()
  }
}
