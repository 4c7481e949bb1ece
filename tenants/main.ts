import app from '@adonisjs/core/services/app'
import { Tenancy } from './tenancy.js'

let tenancy: Tenancy

/** The tenancy singleton, resolved once the app has booted (like AdonisJS's own services). */
await app.booted(async () => {
  tenancy = await app.container.make(Tenancy)
})

export { tenancy as default }
