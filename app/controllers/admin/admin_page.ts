import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { errors as bouncerErrors } from '@adonisjs/bouncer'
import { Exception } from '@adonisjs/core/exceptions'
import type User from '#models/user'
import tenancy from '#tenants/main'
import { ConfigConflictException } from '#tenants/config/errors'

type ValidationError = InstanceType<typeof vineErrors.E_VALIDATION_ERROR>

/** Renders an admin page; `canManage` lets views turn support staff's forms read-only. */
export async function renderAdmin(ctx: HttpContext, view: string, state: Record<string, unknown> = {}) {
  const canManage = await ctx.bouncer.allows('manageTenant')
  return ctx.view.render(`pages/admin/${view}`, { ...state, canManage })
}

/**
 * Runs a Bouncer check for a change and turns a refusal into a plain 403 (the forbidden page).
 * Bouncer's own answer to a refused HTML form is a redirect back with the input flashed, which
 * would hide the refusal and put whatever was typed (payment secrets too) into the session.
 */
export async function authorizeChange(ctx: HttpContext, check = () => ctx.bouncer.authorize('manageTenant')) {
  try {
    await check()
  } catch (error) {
    if (!(error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE)) throw error
    throw new Exception('Your account may not change this', { status: 403, code: 'E_FORBIDDEN' })
  }
}

/** The signed-in staff member, recorded as the author of every change. */
export function actor(ctx: HttpContext) {
  return ctx.auth.user as User
}

/** A 404 page for a row that is not this brand's (or does not exist): the two look the same. */
export function notFound(ctx: HttpContext) {
  ctx.response.status(404)
  return ctx.view.render('pages/errors/not_found')
}

export interface ConfigFormOptions {
  /** The form's route name, where the admin lands after saving or failing. */
  route: 'admin.branding.edit' | 'admin.features.edit' | 'admin.payments.edit' | 'admin.pricing.edit'
  /** Validates the request and turns it into a config patch. */
  patch: () => Promise<Record<string, any>>
  /** Error field names as the form names its inputs (e.g. rows renumbered after blank ones were dropped). */
  formField?: (field: string) => string
  /** The input to keep for the bounced form; secrets must never be put in the session. */
  keepInput?: (input: Record<string, any>) => Record<string, any>
}

/**
 * Saves one admin form as a new config version. Any field error, from the form or from the
 * whole-document schema, sends the admin back to the form with the error under the field
 * (named by its config path) and nothing saved.
 */
export async function saveConfigForm(ctx: HttpContext, options: ConfigFormOptions) {
  await authorizeChange(ctx)
  try {
    const saved = await tenancy.configs.update(ctx.tenant, await options.patch(), actor(ctx).email)
    ctx.session.flash('success', `Saved. Version ${saved.version} is live.`)
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) bounce(ctx, error, options)
    else if (error instanceof ConfigConflictException) ctx.session.flash('error', error.message)
    else throw error
  }
  return ctx.response.redirect().toRoute(options.route)
}

/** Flashes the errors under the form's own field names, and what was typed (secrets removed). */
function bounce(ctx: HttpContext, error: ValidationError, options: ConfigFormOptions) {
  const rename = options.formField ?? ((field: string) => field)
  const messages = error.messages.map((message: any) => ({
    ...message,
    field: rename(message.field),
    message: readable(message.message, message.field),
  }))
  ctx.session.flashValidationErrors({ ...error, code: error.code, status: error.status, messages }, false)
  const { _csrf, _method, ...input } = ctx.request.original()
  ctx.session.flash('input', options.keepInput ? options.keepInput(input) : input)
}

/** "The perMinuteMicros field ..." reads "The per minute field ...": schema keys are not for people. */
function readable(message: string, field: string) {
  const key = field.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? field
  const words = key.replace(/Micros$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return message.split(key).join(words)
}
