import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'

/** Paths that can be a file in public/ (they end in an extension); pages and the API never do. */
const FILE_PATH = /\.[a-z0-9]{1,8}$/i

let files: StaticMiddleware | undefined

/**
 * @adonisjs/static, asked only for paths that look like files, so pages and API calls do
 * not pay a disk lookup on every request.
 */
export default class StaticFilesMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!FILE_PATH.test(ctx.request.url())) return next()
    files ??= await app.container.make(StaticMiddleware)
    return files.handle(ctx, next)
  }
}
