/**
 * Runs the HTTP server from TypeScript sources (the quickstart); production runs build/bin/server.js.
 */
import '@poppinss/ts-exec'

await import('./server.js')
