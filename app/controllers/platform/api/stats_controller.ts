import { ok } from '#services/api_envelope'
import tenantService from '#services/tenant_service'

/** Platform-wide counts, for dashboards and monitoring. */
export default class StatsController {
  async show() {
    return ok(await tenantService.counts())
  }
}
