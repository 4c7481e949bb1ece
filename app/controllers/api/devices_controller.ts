import type { HttpContext } from '@adonisjs/core/http'
import devices from '#services/devices/device_service'
import { serializeCredentials, serializeDevice } from '#services/devices/device_presenter'
import { ok, sendError } from '#services/api_envelope'
import { deviceStatusValidator, registerDeviceValidator } from '#validators/devices'

/** The token holder's SIP devices; the password appears only in the answers that issue it. */
export default class DevicesController {
  async index(ctx: HttpContext) {
    const list = await devices.list(ctx.tenant, ctx.auth.user!.id)
    return ok(list.map(({ device, online }) => serializeDevice(device, online)))
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(registerDeviceValidator)
    const issued = await devices.register(ctx.tenant, ctx.auth.user!, input)
    ctx.response.status(201).header('cache-control', 'no-store')
    return ok(await serializeCredentials(issued))
  }

  /** Someone else's device is a 404 whatever the body says, so the id is checked before the input. */
  async status(ctx: HttpContext) {
    if (!(await devices.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id))) return notFound(ctx)
    const { status } = await ctx.request.validateUsing(deviceStatusValidator)
    const device = await devices.setStatus(ctx.tenant, ctx.auth.user!.id, ctx.params.id, status)
    if (!device) return notFound(ctx)
    return ok(serializeDevice(device, await devices.isOnline(ctx.tenant, device)))
  }

  async password(ctx: HttpContext) {
    const issued = await devices.resetPassword(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!issued) return notFound(ctx)
    ctx.response.header('cache-control', 'no-store')
    return ok(await serializeCredentials(issued))
  }

  async destroy(ctx: HttpContext) {
    const removed = await devices.remove(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!removed) return notFound(ctx)
    return ctx.response.noContent()
  }
}

function notFound(ctx: HttpContext) {
  return sendError(ctx, 404, 'NOT_FOUND', 'No such device')
}
