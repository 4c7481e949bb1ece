/**
 * Draws a simple SVG logo with pdfkit's own vector calls (pdfkit parses SVG path data itself
 * but has no SVG document renderer). Flat logos made of rect, circle, ellipse, line,
 * polyline, polygon, path and one-line text with solid colours are drawn; anything richer
 * (gradients, transforms, styles, images, <use>) makes `drawSvgLogo` return false before
 * drawing anything, and the caller falls back to the app name.
 */
type Attrs = Record<string, string>
interface Node {
  name: string
  attrs: Attrs
  text: string
}
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

const SHAPES = new Set(['rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'path', 'text'])
const IGNORED = new Set(['svg', 'g', 'title', 'desc'])
const UNSUPPORTED_ATTRS = ['transform', 'style', 'class', 'clip-path', 'mask', 'filter']
const COLOR = /^(#[0-9a-f]{3}|#[0-9a-f]{6}|[a-z]+)$/i
const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g
const ATTR = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

const num = (value: string | undefined, fallback = 0) => {
  const parsed = Number.parseFloat(value ?? '')
  return Number.isFinite(parsed) ? parsed : fallback
}
const entities = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&')

/** The root's attributes and the drawable elements, or null when the markup uses what we cannot draw. */
function parse(markup: string): { root: Attrs; nodes: Node[] } | null {
  const source = markup.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '').trim()
  const nodes: Node[] = []
  let root: Attrs | null = null
  let open: Node | null = null
  let end = 0
  for (const match of source.matchAll(TAG)) {
    const [, closing, name, rawAttrs, selfClosing] = match
    if (open && closing && name === 'text') open.text = entities(source.slice(end, match.index).trim())
    end = match.index + match[0].length
    if (closing) {
      open = null
      continue
    }
    const attrs = Object.fromEntries([...rawAttrs.matchAll(ATTR)].map((a) => [a[1], a[2] ?? a[3]]))
    if (open) return null
    if (UNSUPPORTED_ATTRS.some((attr) => attr in attrs)) return null
    if (name === 'svg' && !root) root = attrs
    else if (SHAPES.has(name)) nodes.push({ name, attrs, text: '' })
    else if (!IGNORED.has(name) || Object.keys(attrs).length) return null
    if (name === 'text' && !selfClosing) open = nodes[nodes.length - 1]
  }
  return root && nodes.length ? { root, nodes } : null
}

function paintOf(attrs: Attrs, name: string) {
  const fill = attrs.fill ?? (name === 'line' || name === 'polyline' ? 'none' : 'black')
  const stroke = attrs.stroke ?? 'none'
  const ok = (color: string) => color === 'none' || COLOR.test(color)
  return ok(fill) && ok(stroke) ? { fill, stroke } : null
}

/** Draws the logo into `box`, keeping its aspect ratio; false when it was not drawn. */
export function drawSvgLogo(doc: PDFKit.PDFDocument, markup: string, box: Box): boolean {
  const parsed = parse(markup)
  if (!parsed || parsed.nodes.some((node) => !paintOf(node.attrs, node.name))) return false
  const view = (parsed.root.viewBox ?? '').split(/[\s,]+/).map(Number)
  const [vx, vy, vw, vh] = view.length === 4 && view.every(Number.isFinite)
    ? view
    : [0, 0, num(parsed.root.width), num(parsed.root.height)]
  if (!(vw > 0 && vh > 0)) return false
  const scale = Math.min(box.width / vw, box.height / vh)
  doc.save().translate(box.x, box.y + (box.height - vh * scale) / 2).scale(scale).translate(-vx, -vy)
  for (const node of parsed.nodes) drawNode(doc, node)
  doc.restore()
  return true
}

function drawNode(doc: PDFKit.PDFDocument, { name, attrs, text }: Node) {
  const { fill, stroke } = paintOf(attrs, name)!
  if (name === 'text') return drawText(doc, attrs, text, fill)
  const a = (key: string, fallback = 0) => num(attrs[key], fallback)
  const points = (attrs.points ?? '').trim().split(/[\s,]+/).map(Number)
  const pairs = Array.from({ length: Math.floor(points.length / 2) }, (_, i) => [points[2 * i], points[2 * i + 1]] as [number, number])
  if (name === 'rect') doc.roundedRect(a('x'), a('y'), a('width'), a('height'), a('rx', a('ry')))
  if (name === 'circle') doc.circle(a('cx'), a('cy'), a('r'))
  if (name === 'ellipse') doc.ellipse(a('cx'), a('cy'), a('rx'), a('ry'))
  if (name === 'line') doc.moveTo(a('x1'), a('y1')).lineTo(a('x2'), a('y2'))
  if (name === 'polygon' && pairs.length) doc.polygon(...pairs)
  if (name === 'polyline' && pairs.length) pairs.reduce((d, [x, y], i) => (i ? d.lineTo(x, y) : d.moveTo(x, y)), doc)
  if (name === 'path') doc.path(attrs.d ?? '')
  doc.lineWidth(a('stroke-width', 1))
  if (attrs['stroke-linejoin']) doc.lineJoin(attrs['stroke-linejoin'] as any)
  if (attrs['stroke-linecap']) doc.lineCap(attrs['stroke-linecap'] as any)
  const rule = attrs['fill-rule'] === 'evenodd' ? 'even-odd' : 'non-zero'
  if (fill !== 'none' && stroke !== 'none') doc.fillAndStroke(fill, stroke, rule)
  else if (fill !== 'none') doc.fill(fill, rule)
  else if (stroke !== 'none') doc.stroke(stroke)
}

/** One line of text on its baseline, in the closest of the PDF's built-in fonts. */
function drawText(doc: PDFKit.PDFDocument, attrs: Attrs, text: string, fill: string) {
  if (!text || fill === 'none') return
  const family = (attrs['font-family'] ?? '').toLowerCase()
  const bold = /bold|[6-9]00/.test(attrs['font-weight'] ?? '')
  const base = /mono|courier/.test(family) ? 'Courier' : /georgia|times|serif/.test(family) && !/sans/.test(family) ? 'Times' : 'Helvetica'
  const font = base === 'Times' ? (bold ? 'Times-Bold' : 'Times-Roman') : bold ? `${base}-Bold` : base
  doc.font(font).fontSize(num(attrs['font-size'], 16)).fillColor(fill)
  const width = doc.widthOfString(text)
  const anchor = attrs['text-anchor']
  const x = num(attrs.x) - (anchor === 'middle' ? width / 2 : anchor === 'end' ? width : 0)
  doc.text(text, x, num(attrs.y), { baseline: 'alphabetic', lineBreak: false })
}
