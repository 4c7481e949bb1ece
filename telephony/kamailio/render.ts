/**
 * Renders telephony/kamailio/kamailio.cfg for one Kamailio host. Every value is checked before
 * it goes into the file, so a quote or a newline can never change the script.
 *
 *   node --import @poppinss/ts-exec telephony/kamailio/render.ts \
 *     --listen udp:10.0.0.5:5060 --db-url mysql://kamailio:secret@10.0.0.9:3306/brandline \
 *     --app-url http://10.0.0.7:3333 --app-host admin.example.com --switch-token-file /etc/brandline/switch-token \
 *     --carrier 203.0.113.0/24 --gateway 10.0.0.20:5080 --runtime-dir /run/kamailio --out /etc/kamailio/kamailio.cfg
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

export interface KamailioOptions {
  /** Sockets to listen on, `proto:address:port` (udp, tcp, tls), optionally ` advertise host:port`. */
  listen: string[]
  /** mysql://user:password@host:port/database of the user with SELECT on kamailio_subscriber only. */
  dbUrl: string
  /** Where the app answers, e.g. http://10.0.0.7:3333 (no trailing slash). */
  appUrl: string
  /** The platform host the switch API lives on, sent as Host when the URL names another host. */
  appHost?: string | null
  /** SWITCH_API_TOKEN of the app. */
  switchToken: string
  /** Carrier source addresses (ip, ip:port, [v6]:port or CIDR): their INVITEs need no digest. */
  carriers?: string[]
  /** Our switches (FreeSWITCH pool): their INVITEs to device AORs go straight to the location table. */
  gateways?: string[]
  /** Where the RPC FIFO and the ctl socket go; pass the same directory to `kamailio -Y`. */
  runtimeDir: string
  children?: number
  /** Kamailio debug level, -3 (alert) to 3 (debug); 2 is info. */
  logLevel?: number
  /** Seconds to wait for the app before a call fails with 503. */
  httpTimeoutSeconds?: number
}

export class KamailioConfigError extends Error {}

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'kamailio.cfg')
const SAFE = /^[^"\\\s]+$/

function check(name: string, value: string, pattern: RegExp = SAFE) {
  if (typeof value !== 'string' || !pattern.test(value)) throw new KamailioConfigError(`${name} is not valid: ${JSON.stringify(value)}`)
  return value
}

function integer(name: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max) throw new KamailioConfigError(`${name} must be an integer from ${min} to ${max}`)
  return String(value)
}

/** One listen line; the advertised address (behind NAT) is optional. */
function listenLine(entry: string) {
  const [socket, advertised] = entry.split(/\s+advertise\s+/)
  check('listen', socket, /^(udp|tcp|tls):[0-9A-Za-z.:[\]-]+:\d{1,5}$/)
  if (advertised !== undefined) check('advertise', advertised, /^[0-9A-Za-z.[\]:-]+:\d{1,5}$/)
  return `listen=${socket}${advertised ? ` advertise ${advertised}` : ''}`
}

/** A cfg condition matching one source entry. */
function sourceCondition(entry: string) {
  const cidr = /^([0-9A-Fa-f.:]+)\/(\d{1,3})$/.exec(entry)
  if (cidr && isIP(cidr[1])) return `is_in_subnet("$si", "${entry}")`
  const withPort = /^\[?([0-9A-Fa-f.:]+?)\]?:(\d{1,5})$/.exec(entry)
  if (withPort && isIP(withPort[1]) && !(isIP(entry) === 6)) return `$si == "${withPort[1]}" && $sp == ${Number(withPort[2])}`
  if (isIP(entry)) return `$si == "${entry}"`
  throw new KamailioConfigError(`not an address, address:port or CIDR: ${JSON.stringify(entry)}`)
}

function trustedSources(carriers: string[], gateways: string[]) {
  const lines: string[] = []
  for (const [kind, entries] of [['carrier', carriers], ['gateway', gateways]] as const) {
    for (const entry of entries) {
      lines.push(`\tif (${sourceCondition(entry.trim())}) {`, `\t\t$var(source) = "${kind}";`, '\t\treturn;', '\t}')
    }
  }
  return lines.join('\n') || '\t# no carrier or gateway addresses configured'
}

/** The headers of every request to the app, as one http_client header string. */
function appHeaders(options: KamailioOptions) {
  const token = check('switch token', options.switchToken, /^[A-Za-z0-9._~+/=-]{8,}$/)
  const headers = ['Content-Type: application/json', `Authorization: Bearer ${token}`]
  const urlHost = new URL(options.appUrl).host
  /** curl keeps its own Host unless ours comes first (and Node keeps the first Content-Type). */
  if (options.appHost && options.appHost !== urlHost) headers.unshift(`Host: ${check('app host', options.appHost, /^[A-Za-z0-9.-]+(:\d+)?$/)}`)
  return headers.join('\\r\\n')
}

/** The rendered kamailio.cfg text. */
export function renderKamailioCfg(options: KamailioOptions, template = readFileSync(TEMPLATE, 'utf8')) {
  if (!options.listen?.length) throw new KamailioConfigError('at least one listen socket is needed')
  const values: Record<string, string> = {
    LISTEN: options.listen.map(listenLine).join('\n'),
    DB_URL: check('db url', options.dbUrl, /^mysql:\/\/[^"\\\s]+$/),
    APP_URL: check('app url', options.appUrl.replace(/\/+$/, ''), /^https?:\/\/[^"\\\s]+$/),
    APP_HEADERS: appHeaders(options),
    TRUSTED_SOURCES: trustedSources(options.carriers ?? [], options.gateways ?? []),
    RUNTIME_DIR: check('runtime dir', options.runtimeDir.replace(/\/+$/, ''), /^\/[^"\\\s]*$/),
    CHILDREN: integer('children', options.children ?? 8, 1, 128),
    LOG_LEVEL: integer('log level', options.logLevel ?? 2, -3, 3),
    HTTP_TIMEOUT: integer('http timeout', options.httpTimeoutSeconds ?? 3, 1, 30),
  }
  const rendered = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new KamailioConfigError(`the template names an unknown value {{${name}}}`)
    return values[name]
  })
  return rendered
}

/** The command line: flags as in the header comment; the token is best read from a file. */
function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'listen': { type: 'string', multiple: true },
      'db-url': { type: 'string' },
      'app-url': { type: 'string' },
      'app-host': { type: 'string' },
      'switch-token': { type: 'string' },
      'switch-token-file': { type: 'string' },
      'carrier': { type: 'string', multiple: true },
      'gateway': { type: 'string', multiple: true },
      'runtime-dir': { type: 'string', default: '/run/kamailio' },
      'children': { type: 'string' },
      'log-level': { type: 'string' },
      'out': { type: 'string' },
    },
  })
  const token = values['switch-token-file'] ? readFileSync(values['switch-token-file'], 'utf8').trim() : values['switch-token']
  const text = renderKamailioCfg({
    listen: values.listen ?? [],
    dbUrl: values['db-url'] ?? '',
    appUrl: values['app-url'] ?? '',
    appHost: values['app-host'] ?? null,
    switchToken: token ?? '',
    carriers: values.carrier ?? [],
    gateways: values.gateway ?? [],
    runtimeDir: values['runtime-dir']!,
    children: values.children ? Number(values.children) : undefined,
    logLevel: values['log-level'] ? Number(values['log-level']) : undefined,
  })
  if (values.out) writeFileSync(values.out, text, { mode: 0o600 })
  else process.stdout.write(text)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
}
