import { readFile, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import app from '@adonisjs/core/services/app'

/** A brand logo ready for the PDF: raster bytes pdfkit embeds, or SVG markup to draw. */
export type Logo = { kind: 'image'; data: Buffer } | { kind: 'svg'; markup: string }

const MAX_BYTES = 2 * 1024 * 1024
const DATA_URL = /^data:image\/(png|jpeg|svg\+xml)(;base64)?,(.*)$/s
const TYPES: Record<string, 'image' | 'svg'> = { '.png': 'image', '.jpg': 'image', '.jpeg': 'image', '.svg': 'svg' }

/**
 * Loads a brand's logo for a document. Only a file under public/ (a site path such as
 * /brands/acme/logo.png) or a data URL is used: rendering an invoice never reaches out to
 * another host. Anything else, or anything unreadable, gives null and the caller prints the
 * app name instead.
 */
export async function loadLogo(url: string | null): Promise<Logo | null> {
  if (!url) return null
  try {
    const data = DATA_URL.exec(url)
    if (data) return fromDataUrl(data[1], Boolean(data[2]), data[3])
    if (url.startsWith('/') && !url.startsWith('//')) return await fromPublicFile(url)
  } catch {
    return null
  }
  return null
}

function fromDataUrl(type: string, base64: boolean, payload: string): Logo | null {
  const bytes = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8')
  if (bytes.length === 0 || bytes.length > MAX_BYTES) return null
  return type === 'svg+xml' ? { kind: 'svg', markup: bytes.toString('utf8') } : { kind: 'image', data: bytes }
}

async function fromPublicFile(url: string): Promise<Logo | null> {
  const root = resolve(app.publicPath())
  const path = resolve(root, `.${decodeURIComponent(url.split(/[?#]/)[0])}`)
  const kind = TYPES[extname(path).toLowerCase()]
  if (!path.startsWith(root + sep) || !kind) return null
  if ((await stat(path)).size > MAX_BYTES) return null
  const bytes = await readFile(path)
  return kind === 'svg' ? { kind, markup: bytes.toString('utf8') } : { kind, data: bytes }
}
