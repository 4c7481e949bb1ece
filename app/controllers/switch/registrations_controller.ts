import type { HttpContext } from '@adonisjs/core/http'
import registrations from '#services/devices/registration_service'
import { ok, sendError } from '#services/api_envelope'
import { registrationReportValidator } from '#validators/switch_registrations'

/** Kamailio reports each successful REGISTER here, so the app knows which devices are online. */
export default class RegistrationsController {
  async store(ctx: HttpContext) {
    const report = await ctx.request.validateUsing(registrationReportValidator)
    const stored = await registrations.record(report)
    if (!stored) return sendError(ctx, 404, 'DEVICE_UNKNOWN', 'No such device')
    return ok(stored)
  }
}
