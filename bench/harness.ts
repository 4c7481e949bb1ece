/**
 * What the benches that run the built app share: the services as `npm test` finds them, a free
 * port, the production build, the app booted in the bench process, and child processes started
 * and stopped.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { existsSync, mkdirSync, openSync, symlinkSync } from 'node:fs'

export const ROOT = new URL('../', import.meta.url)
export const BUILD = new URL('build/', ROOT)

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** MySQL and Redis as bin/services.sh finds (or starts) them. */
export function services() {
  const output = execFileSync('bash', ['bin/services.sh', 'start'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  const found = Object.fromEntries(output.split('\n').map((line) => /^([A-Z_]+)=(.*)$/.exec(line)).filter((m) => m !== null).map((m) => [m![1], m![2]]))
  return { DB_HOST: found.DB_HOST, DB_PORT: found.DB_PORT, DB_USER: found.DB_USER, DB_PASSWORD: process.env.DB_PASSWORD ?? '', REDIS_HOST: found.REDIS_HOST, REDIS_PORT: found.REDIS_PORT }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function waitForPort(port: number, server: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error('the server exited during start-up')
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true)).on('error', () => resolve(false))
    })
    if (open) return
    await sleep(100)
  }
  throw new Error(`the server did not listen on ${port} within 60 s`)
}

/**
 * The server runs built, as in production and as bin/bench.sh runs it: from source, every lazy
 * import would go through the TypeScript loader's hooks thread. BENCH_SKIP_BUILD=1 reuses build/.
 */
export function build(name: string, log: (message: string) => void) {
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(new URL('bin/server.js', BUILD))) {
    log('reusing build/')
  } else {
    log(`building (node ace.js build), log in tmp/bench/${name}-build.log`)
    const output = openSync(new URL(`tmp/bench/${name}-build.log`, ROOT), 'w')
    execFileSync(process.execPath, ['ace.js', 'build', '--ignore-ts-errors'], { cwd: ROOT, stdio: ['ignore', output, output] })
  }
  if (!existsSync(new URL('node_modules', BUILD))) symlinkSync('../node_modules', new URL('node_modules', BUILD))
  mkdirSync(new URL('tmp/', BUILD), { recursive: true })
}

/** Boots the app in this process (no HTTP) for the set-up and the measurements. */
export async function bootApp() {
  const { Ignitor } = await import('@adonisjs/core')
  const { APP_ROOT, importer } = await import('../bin/app_root.js')
  const app = new Ignitor(APP_ROOT, { importer }).createApp('console')
  app.booting(async () => {
    await import('#start/env')
  })
  await app.init()
  await app.boot()
  await app.start(async () => {})
  return app
}

/** Stops a child process and waits for it to exit. */
export async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}
