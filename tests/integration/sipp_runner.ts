import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import { SIP_HOST, udpPortFree } from './kamailio_harness.js'

/** One sipp run: a scenario from telephony/kamailio/sipp, as a UAC (with a target) or a UAS. */
export interface SippOptions {
  scenario: 'register' | 'register_refused' | 'device_call' | 'carrier_call' | 'uas_answer' | 'uas_busy'
  /** host:port to send to (UAC scenarios); none for a UAS. */
  target?: string
  localPort: number
  /** -s: the SIP user of the scenario ([service]). */
  service?: string
  auth?: { username: string; password: string }
  /** -key name value pairs ([dom], [to], [expires], ...). */
  keys?: Record<string, string | number>
  timeoutSeconds?: number
}

export interface SipMessage {
  direction: 'sent' | 'received'
  text: string
}

export interface SippResult {
  /** 0 when every expected message came, as the scenario says. */
  exitCode: number
  output: string
  messages: SipMessage[]
}

/** The messages sipp logged with -trace_msg, in order. */
function parseMessages(log: string): SipMessage[] {
  return log
    .split(/^-{20,}.*$/m)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => {
      const [head, ...rest] = chunk.split('\n')
      return { direction: head.includes('received') ? ('received' as const) : ('sent' as const), text: rest.join('\n').trim() }
    })
}

/** The status codes of the INVITE responses a run received, in order (1xx included). */
export function inviteStatuses(result: SippResult) {
  return result.messages
    .filter((m) => m.direction === 'received' && /^SIP\/2\.0 \d{3}/.test(m.text) && /^CSeq:\s*\d+ INVITE/im.test(m.text))
    .map((m) => Number(m.text.slice(8, 11)))
}

/** The last final (>= 200) INVITE status a run received, or null. */
export function finalStatus(result: SippResult) {
  return inviteStatuses(result).filter((code) => code >= 200).at(-1) ?? null
}

/** The requests of one method a run received (a UAS's INVITEs, say). */
export function requestsReceived(result: SippResult, method: string) {
  return result.messages.filter((m) => m.direction === 'received' && m.text.startsWith(`${method} `)).map((m) => m.text)
}

/** A header's value in a SIP message. */
export function header(message: string, name: string) {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message)?.[1]?.trim() ?? null
}

/** Starts sipp; `ready()` resolves once it listens on its port, `done` when it exits. */
export function startSipp(options: SippOptions) {
  const tag = randomBytes(4).toString('hex')
  const dir = app.makePath('tmp', 'sipp')
  const messageFile = `${dir}/${options.scenario}-${options.localPort}-${tag}.msg`
  const args = [
    ...(options.target ? [options.target] : []),
    '-sf', app.makePath('telephony', 'kamailio', 'sipp', `${options.scenario}.xml`),
    '-m', '1',
    '-i', SIP_HOST,
    '-p', String(options.localPort),
    '-nostdin',
    '-timeout', `${options.timeoutSeconds ?? 10}s`,
    '-timeout_error',
    '-trace_msg',
    '-message_file', messageFile,
  ]
  if (options.service) args.push('-s', options.service)
  if (options.auth) args.push('-au', options.auth.username, '-ap', options.auth.password)
  for (const [name, value] of Object.entries(options.keys ?? {})) args.push('-key', name, String(value))

  const started = mkdir(dir, { recursive: true })
  const child = started.then(() => spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }))
  const done = child.then(async (proc) => {
    let output = ''
    proc.stdout!.on('data', (chunk) => (output += chunk))
    proc.stderr!.on('data', (chunk) => (output += chunk))
    const [code] = await once(proc, 'exit')
    const log = await readFile(messageFile, 'utf8').catch(() => '')
    return { exitCode: code ?? 1, output, messages: parseMessages(log) } satisfies SippResult
  })
  const ready = async () => {
    const proc = await child
    for (let attempt = 0; attempt < 100 && proc.exitCode === null; attempt++) {
      if (!(await udpPortFree(options.localPort))) return
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
    throw new Error(`sipp ${options.scenario} did not start on port ${options.localPort}`)
  }
  return {
    ready,
    done,
    async stop() {
      const proc = await child
      if (proc.exitCode === null) proc.kill('SIGKILL')
      await done
    },
  }
}

/** Runs a sipp scenario to its end. */
export function runSipp(options: SippOptions) {
  return startSipp(options).done
}
