import { createHash } from 'node:crypto'
import type { AvailableNumber, Capability, NumberType } from '#telephony/types'
import { countryOfE164, toE164, typeOfE164 } from '#services/phone'

/** A range of numbers as a carrier sells them: one area (or operator) code, one type. */
interface Block {
  country: string
  callingCode: string
  type: NumberType
  /** National destination code the numbers start with (NPA in NANP, e.g. "415"; "20" for London). */
  areaCode: string
  nationalLength: number
  region: string | null
  locality: string | null
  capabilities: Capability[]
  /** Every n-th number of the block lacks this capability (carriers are uneven). */
  lacks?: { capability: Capability; every: number }
}

const FULL: Capability[] = ['voice', 'sms', 'mms']
const TEXT: Capability[] = ['voice', 'sms']
const VOICE: Capability[] = ['voice']

const nanp = (country: 'US' | 'CA', areaCode: string, region: string | null, locality: string | null, type: NumberType = 'local'): Block => ({
  country,
  callingCode: '1',
  type,
  areaCode,
  nationalLength: 10,
  region,
  locality,
  capabilities: type === 'toll_free' ? TEXT : FULL,
  lacks: type === 'local' ? { capability: 'mms', every: 4 } : undefined,
})

const block = (country: string, callingCode: string, type: NumberType, areaCode: string, nationalLength: number, region: string | null, locality: string | null): Block => ({
  country,
  callingCode,
  type,
  areaCode,
  nationalLength,
  region,
  locality,
  capabilities: type === 'mobile' ? TEXT : VOICE,
  lacks: type === 'mobile' ? { capability: 'sms', every: 7 } : undefined,
})

/** US and Canada share +1 and its toll-free codes; each country here sells its own codes. */
const BLOCKS: Block[] = [
  nanp('US', '415', 'CA', 'San Francisco'),
  nanp('US', '213', 'CA', 'Los Angeles'),
  nanp('US', '212', 'NY', 'New York'),
  nanp('US', '718', 'NY', 'Brooklyn'),
  nanp('US', '312', 'IL', 'Chicago'),
  nanp('US', '512', 'TX', 'Austin'),
  nanp('US', '206', 'WA', 'Seattle'),
  nanp('US', '305', 'FL', 'Miami'),
  nanp('US', '800', null, null, 'toll_free'),
  nanp('US', '833', null, null, 'toll_free'),
  nanp('US', '844', null, null, 'toll_free'),
  nanp('US', '855', null, null, 'toll_free'),
  nanp('CA', '416', 'ON', 'Toronto'),
  nanp('CA', '647', 'ON', 'Toronto'),
  nanp('CA', '604', 'BC', 'Vancouver'),
  nanp('CA', '514', 'QC', 'Montreal'),
  nanp('CA', '403', 'AB', 'Calgary'),
  nanp('CA', '866', null, null, 'toll_free'),
  nanp('CA', '877', null, null, 'toll_free'),
  nanp('CA', '888', null, null, 'toll_free'),
  block('GB', '44', 'local', '20', 10, 'ENG', 'London'),
  block('GB', '44', 'local', '161', 10, 'ENG', 'Manchester'),
  block('GB', '44', 'local', '121', 10, 'ENG', 'Birmingham'),
  block('GB', '44', 'local', '131', 10, 'SCT', 'Edinburgh'),
  block('GB', '44', 'local', '29', 10, 'WLS', 'Cardiff'),
  block('GB', '44', 'mobile', '74', 10, null, null),
  block('GB', '44', 'mobile', '75', 10, null, null),
  block('GB', '44', 'mobile', '79', 10, null, null),
  block('GB', '44', 'toll_free', '800', 10, null, null),
  block('GB', '44', 'toll_free', '808', 10, null, null),
  block('DE', '49', 'local', '30', 10, 'BE', 'Berlin'),
  block('DE', '49', 'local', '89', 10, 'BY', 'München'),
  block('DE', '49', 'local', '40', 10, 'HH', 'Hamburg'),
  block('DE', '49', 'local', '69', 10, 'HE', 'Frankfurt am Main'),
  block('DE', '49', 'local', '221', 10, 'NW', 'Köln'),
  block('DE', '49', 'mobile', '151', 11, null, null),
  block('DE', '49', 'mobile', '160', 11, null, null),
  block('DE', '49', 'mobile', '176', 11, null, null),
  block('DE', '49', 'toll_free', '800', 10, null, null),
  block('FR', '33', 'local', '1', 9, 'IDF', 'Paris'),
  block('FR', '33', 'local', '472', 9, 'ARA', 'Lyon'),
  block('FR', '33', 'local', '491', 9, 'PAC', 'Marseille'),
  block('FR', '33', 'local', '556', 9, 'NAQ', 'Bordeaux'),
  block('FR', '33', 'local', '561', 9, 'OCC', 'Toulouse'),
  block('FR', '33', 'mobile', '6', 9, null, null),
  block('FR', '33', 'mobile', '7', 9, null, null),
  block('FR', '33', 'toll_free', '800', 9, null, null),
]

/** Numbers per block. */
const PER_BLOCK = 24
/** The first numbers of each block end in a word people ask for (CALL, HELP, CASH, TAXI, FOOD, HOME). */
const VANITY_ENDINGS = ['2255', '4357', '2274', '8294', '3663', '4663']

/** What libphonenumber must say a number of each type is. */
const TYPE_CHECK: Record<NumberType, string[]> = {
  local: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  mobile: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
  toll_free: ['TOLL_FREE'],
}

/** Digits derived from a seed: the same catalogue on every machine and every run. */
function digitsFrom(seed: string, count: number) {
  let digits = ''
  let round = 0
  while (digits.length < count) {
    const bytes = createHash('sha256').update(`${seed}#${round++}`).digest()
    for (const byte of bytes) if (byte < 250) digits += String(byte % 10)
  }
  return digits.slice(0, count)
}

/** A candidate national number for a block, or null when libphonenumber refuses it or it is fictional. */
function candidate(source: Block, attempt: number): string | null {
  const rest = source.nationalLength - source.areaCode.length
  let tail = digitsFrom(`${source.country}:${source.type}:${source.areaCode}:${attempt}`, rest)
  if (attempt < VANITY_ENDINGS.length) tail = tail.slice(0, rest - 4) + VANITY_ENDINGS[attempt]
  const national = source.areaCode + tail
  /** NANP 555 exchanges are for films and examples. */
  if (source.callingCode === '1' && national.slice(3, 6) === '555') return null
  const e164 = toE164(`+${source.callingCode}${national}`)
  if (!e164 || !TYPE_CHECK[source.type].includes(typeOfE164(e164) ?? '')) return null
  /** Some +44 ranges are Jersey's or Guernsey's; NANP toll-free codes are shared by US and CA (filed under US). */
  const country = countryOfE164(e164)
  const sharedTollFree = source.callingCode === '1' && source.type === 'toll_free'
  if (sharedTollFree ? country !== 'US' : country !== source.country) return null
  return e164
}

/** A number in stock: the offer and its national significant number (what area codes and patterns match). */
export interface StockEntry {
  offer: AvailableNumber
  national: string
}

function entryFor(source: Block, e164: string, index: number): StockEntry {
  const capabilities = { voice: false, sms: false, mms: false }
  for (const capability of source.capabilities) capabilities[capability] = true
  if (source.lacks && index % source.lacks.every === source.lacks.every - 1) capabilities[source.lacks.capability] = false
  const offer = { e164, country: source.country, type: source.type, region: source.region, locality: source.locality, capabilities, provider: 'simulated' }
  return { offer, national: e164.slice(1 + source.callingCode.length) }
}

/** Every block's numbers, valid per libphonenumber, taken round-robin so any search sees variety. */
function build(): StockEntry[] {
  const perBlock = BLOCKS.map((source) => {
    const entries: StockEntry[] = []
    for (let attempt = 0; entries.length < PER_BLOCK && attempt < PER_BLOCK * 20; attempt++) {
      const e164 = candidate(source, attempt)
      if (e164 && !entries.some((entry) => entry.offer.e164 === e164)) entries.push(entryFor(source, e164, entries.length))
    }
    return entries
  })
  const seen = new Set<string>()
  const catalogue: StockEntry[] = []
  for (let index = 0; index < PER_BLOCK; index++) {
    for (const entries of perBlock) {
      const entry = entries[index]
      if (entry && !seen.has(entry.offer.e164)) {
        seen.add(entry.offer.e164)
        catalogue.push(entry)
      }
    }
  }
  return catalogue
}

let cached: StockEntry[] | null = null

/** The simulated provider's whole stock (built once per process; it never changes). */
export function simulatedCatalogue(): readonly StockEntry[] {
  cached ??= build()
  return cached
}

/** The countries the simulated provider sells numbers in. */
export const SIMULATED_COUNTRIES = [...new Set(BLOCKS.map((b) => b.country))]
