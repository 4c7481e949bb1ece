import type { ApplicationService } from '@adonisjs/core/types'
import { Tenancy } from '#tenants/tenancy'
import { MemoryTenancyBus, RedisTenancyBus } from '#tenants/bus'

/** Registers the tenancy layer as a singleton and subscribes it to the invalidation bus. */
export default class TenancyProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(Tenancy, async () => {
      const config = this.app.config.get<any>('tenancy')
      const bus = config.bus === 'redis' ? new RedisTenancyBus(config.busChannel) : new MemoryTenancyBus()
      return new Tenancy(bus, config)
    })
  }

  /** Only serving processes listen; one-off commands never open a subscriber connection. */
  async ready() {
    if (!['web', 'test'].includes(this.app.getEnvironment())) return
    const tenancy = await this.app.container.make(Tenancy)
    await tenancy.listen()
  }
}
