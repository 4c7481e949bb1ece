/**
 * `npm run bench:rating`: the rating engine on a synthetic 1M-prefix wholesale deck, in process
 * and single-threaded, with no database. Prints how long the deck takes to parse and index
 * (goal: under 10 s together) and how many lookups per second the index answers (goal: at least
 * 2,000,000), then the same for whole call quotes through the rating facade with a brand's price
 * list. It measures and prints; it asserts nothing. BENCH_PREFIXES and BENCH_LOOKUPS change the size.
 */
import { parseRateCsv } from '#services/rating/rate_csv'
import { indexDeck } from '#services/rating/deck_index'
import { RatingService } from '#services/rating/rater'
import { defaultConfig } from '#tenants/config/defaults'
import type { PrefixIndex } from '#services/rating/prefix_index'
import type { WholesaleDeck } from '#services/rating/quotes'

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000)
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 5_000_000)
const QUOTES = Math.min(LOOKUPS, 1_000_000)
const COUNTRY_CODES = ['1', '7', '20', '27', '30', '31', '33', '34', '39', '44', '49', '52', '55', '61', '62', '63', '81', '82', '86', '90', '91', '92', '234', '254', '351', '353', '380', '852', '966', '971']

/** A small deterministic generator, so every run measures the same deck. */
let seed = 20_251_121
const random = () => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
  return seed / 4_294_967_296
}
const digits = (count: number) => {
  let text = ''
  for (let i = 0; i < count; i++) text += Math.floor(random() * 10)
  return text
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const rate = (perSecond: number) => Math.round(perSecond).toLocaleString('en-US')

/** Country codes plus 3 to 8 digits; one prefix in ten also has a price change dated next year. */
function syntheticDeck() {
  const seen = new Set<string>()
  const lines = ['prefix,rate,description,effective_from']
  const prefixes: string[] = []
  while (prefixes.length < PREFIXES) {
    const prefix = COUNTRY_CODES[Math.floor(random() * COUNTRY_CODES.length)] + digits(3 + Math.floor(random() * 6))
    if (seen.has(prefix)) continue
    seen.add(prefix)
    prefixes.push(prefix)
    const micros = 1_000 + Math.floor(random() * 300_000)
    lines.push(`${prefix},${(micros / 1_000_000).toFixed(6)},Zone ${prefix.slice(0, 3)},`)
    if (random() < 0.1) lines.push(`${prefix},${((micros + 500) / 1_000_000).toFixed(6)},Zone ${prefix.slice(0, 3)},2027-01-01T00:00:00Z`)
  }
  for (const code of COUNTRY_CODES) lines.push(`${code},0.250000,Country ${code},`)
  return { csv: lines.join('\n'), prefixes }
}

/** Destinations as a switch sends them (flat strings): most under a deck prefix, some anywhere. */
function destinations(prefixes: string[]) {
  const list: string[] = []
  for (let i = 0; i < 65_536; i++) {
    const base = random() < 0.9 ? prefixes[Math.floor(random() * prefixes.length)] : COUNTRY_CODES[i % COUNTRY_CODES.length]
    list.push(`+${base}${digits(Math.max(1, 12 - base.length))}`.split('').join(''))
  }
  return list
}

function lookups(index: PrefixIndex, list: string[], count: number, at: number) {
  let found = 0
  for (let i = 0; i < count; i++) {
    const hit = index.find(list[i & 65_535], at)
    if (hit >= 0 && index.rateAt(hit) >= 0) found++
  }
  return found
}

async function quotes(service: RatingService, list: string[], count: number) {
  const tenant = { config: defaultConfig() }
  tenant.config.pricing.voice = [
    { prefix: '44', description: 'United Kingdom', perMinuteMicros: 30_000, effectiveFrom: null },
    { prefix: '4420', description: 'London', perMinuteMicros: 20_000, effectiveFrom: null },
    { prefix: '49', description: 'Germany', perMinuteMicros: 25_000, effectiveFrom: '2026-06-01T00:00:00Z' },
  ]
  let total = 0
  for (let i = 0; i < count; i++) {
    const quote = await service.quoteCall(tenant, { destination: list[i & 65_535], seconds: 1 + (i % 3600) })
    total += quote.priceMicros
  }
  return total
}

async function main() {
  console.log(`Synthetic deck: ${PREFIXES.toLocaleString('en-US')} prefixes`)
  let started = performance.now()
  const { csv, prefixes } = syntheticDeck()
  console.log(`  generated ${(csv.length / 1e6).toFixed(1)} MB of CSV in ${seconds(performance.now() - started)}`)

  started = performance.now()
  const parsed = parseRateCsv(csv, { services: ['voice'] })
  const parseMs = performance.now() - started
  if (parsed.errorCount) throw new Error(`the synthetic deck has errors: ${JSON.stringify(parsed.errors.slice(0, 3))}`)
  console.log(`  CSV parse and check: ${seconds(parseMs)} (${parsed.rows.length.toLocaleString('en-US')} rows)`)

  started = performance.now()
  const meta = { id: 1, name: 'bench', currency: 'USD', increments: { firstIncrementSeconds: 6, nextIncrementSeconds: 6 } }
  const deck: WholesaleDeck = indexDeck(parsed.rows, meta)
  const buildMs = performance.now() - started
  console.log(`  index build: ${seconds(buildMs)} (${deck.voice.prefixes.toLocaleString('en-US')} prefixes)`)
  console.log(`  load time (parse + build): ${seconds(parseMs + buildMs)}   goal < 10 s`)

  const list = destinations(prefixes)
  const now = Date.now()
  lookups(deck.voice, list, 500_000, now)
  started = performance.now()
  const found = lookups(deck.voice, list, LOOKUPS, now)
  const lookupMs = performance.now() - started
  console.log(`Index lookups: ${LOOKUPS.toLocaleString('en-US')} in ${seconds(lookupMs)}, ${found.toLocaleString('en-US')} matched`)
  console.log(`  ${rate(LOOKUPS / (lookupMs / 1000))} lookups/s   goal >= 2,000,000`)

  const service = new RatingService({ deck: async () => deck, numberCosts: async () => [] }, { maxCallSeconds: 86_400 })
  await quotes(service, list, 100_000)
  started = performance.now()
  await quotes(service, list, QUOTES)
  const quoteMs = performance.now() - started
  console.log(`Call quotes through the facade (wholesale + a brand's price list): ${QUOTES.toLocaleString('en-US')} in ${seconds(quoteMs)}`)
  console.log(`  ${rate(QUOTES / (quoteMs / 1000))} quotes/s`)
}

await main()
