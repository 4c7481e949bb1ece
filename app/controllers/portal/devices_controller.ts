import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import devices, { DEVICE_KIND_LABELS, DeviceLimitException, type IssuedCredentials } from '#services/devices/device_service'
import { qrSvg } from '#services/devices/provisioning'
import { DEVICE_KINDS } from '#models/sip_device'
import { deviceStatusValidator, registerDeviceValidator } from '#validators/devices'

/** The portal's devices page: add a softphone or desk phone, see it online, switch it off, remove it. */
export default class DevicesController {
  async index(ctx: HttpContext) {
    const list = await devices.list(ctx.tenant, ctx.auth.user!.id)
    return renderThemed(ctx, 'pages/portal/devices/index', {
      devices: list,
      kinds: DEVICE_KINDS.map((value) => ({ value, label: DEVICE_KIND_LABELS[value] })),
    })
  }

  /** The new credentials are rendered straight from the POST: never stored, never flashed. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(registerDeviceValidator)
    try {
      return await this.#showOnce(ctx, await devices.register(ctx.tenant, ctx.auth.user!, input), 'added')
    } catch (error) {
      if (!(error instanceof DeviceLimitException)) throw error
      ctx.session.flash('error', error.message)
      return ctx.response.redirect('/portal/devices')
    }
  }

  async status(ctx: HttpContext) {
    if (!(await devices.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id))) return notFound(ctx)
    const { status } = await ctx.request.validateUsing(deviceStatusValidator)
    const device = await devices.setStatus(ctx.tenant, ctx.auth.user!.id, ctx.params.id, status)
    if (!device) return notFound(ctx)
    ctx.session.flash('success', `${device.name} is ${status === 'active' ? 'enabled' : 'disabled'}.`)
    return ctx.response.redirect('/portal/devices')
  }

  async password(ctx: HttpContext) {
    const issued = await devices.resetPassword(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!issued) return notFound(ctx)
    return this.#showOnce(ctx, issued, 'reset')
  }

  async destroy(ctx: HttpContext) {
    if (!(await devices.remove(ctx.tenant, ctx.auth.user!.id, ctx.params.id))) return notFound(ctx)
    ctx.session.flash('success', 'Device removed; it can no longer register.')
    return ctx.response.redirect('/portal/devices')
  }

  async #showOnce(ctx: HttpContext, issued: IssuedCredentials, event: 'added' | 'reset') {
    ctx.response.header('cache-control', 'no-store')
    return renderThemed(ctx, 'pages/portal/devices/issued', {
      device: issued.device,
      sip: issued.settings,
      qr: await qrSvg(issued.provisioning),
      event,
    })
  }
}

function notFound(ctx: HttpContext) {
  ctx.response.status(404)
  return ctx.view.render('pages/errors/not_found')
}
