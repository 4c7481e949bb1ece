import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import app from '@adonisjs/core/services/app'

/**
 * Real `brandline:worker` processes for the multi-process messaging tests and the SMS bench:
 * the same Node binary and database as this process, the platform SMPP binds pointed at a
 * stand-in SMSC.
 */
export interface WorkerProcess {
  readonly pid: number
  /** What the worker printed so far (stdout and stderr), for failure messages. */
  log(): string
  /** Resolves once the worker runs its jobs and its platform binds are open. */
  ready(timeoutMs?: number): Promise<void>
  /** SIGKILL: the worker gets no chance to flush or close anything. */
  crash(): Promise<void>
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>
}

export interface WorkerOptions {
  smscPort: number
  systemId?: string
  password?: string
  binds?: number
  window?: number
  ratePerSecond?: number
  /** Extra environment (e.g. DB_DATABASE for the bench). */
  env?: NodeJS.ProcessEnv
  /** Node flags before ace.js (e.g. --cpu-prof). */
  nodeArgs?: string[]
  cwd?: string
  script?: string
}

/** Starts `node ace.js brandline:worker` with the platform binds on the stand-in SMSC. */
export function startWorker(options: WorkerOptions): WorkerProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'info',
    SMPP_HOST: '127.0.0.1',
    SMPP_PORT: String(options.smscPort),
    SMPP_SYSTEM_ID: options.systemId ?? 'brandline',
    SMPP_PASSWORD: options.password ?? 'secret',
    SMPP_BINDS: String(options.binds ?? 1),
    SMPP_WINDOW: String(options.window ?? 10),
    SMPP_RATE_PER_SECOND: String(options.ratePerSecond ?? 0),
    ...options.env,
  }
  const args = [...(options.nodeArgs ?? []), options.script ?? 'ace.js', 'brandline:worker']
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? app.makePath(), env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout!.on('data', (chunk) => (log = (log + chunk).slice(-200_000)))
  child.stderr!.on('data', (chunk) => (log = (log + chunk).slice(-200_000)))
  const exited = once(child, 'exit')
  return handle(child, exited, () => log)
}

function handle(child: ChildProcess, exited: Promise<unknown>, log: () => string): WorkerProcess {
  const gone = () => child.exitCode !== null || child.signalCode !== null
  return {
    pid: child.pid!,
    log,
    async ready(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs
      while (!log().includes('platform SMPP binds opened')) {
        if (gone()) throw new Error(`the worker exited during start-up:\n${log().slice(-3000)}`)
        if (Date.now() > until) throw new Error(`the worker did not open its binds in ${timeoutMs} ms:\n${log().slice(-3000)}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    async crash() {
      if (gone()) return
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (gone()) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
