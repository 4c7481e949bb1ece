import WholesaleDeck from '#models/wholesale_deck'
import deckImports from '#services/rating/deck_import_service'
import numberCosts, { type NumberCostInput } from '#services/rating/number_cost_service'
import type { NumberType } from '#services/rating/quotes'

/**
 * The platform's demo wholesale costs: a USD and an EUR deck (per-minute voice by prefix, SMS
 * per segment and MMS per message by country code) and number costs. Loaded through the same
 * import service as an operator's CSV, so the demo exercises the real path.
 */

/** prefix, destination, USD per minute, EUR per minute (a few with a rate change next year). */
const VOICE: [string, string, string, string][] = [
  ['1', 'United States and Canada', '0.0060', '0.0056'],
  ['1800', 'United States toll-free', '0.0010', '0.0010'],
  ['1888', 'United States toll-free', '0.0010', '0.0010'],
  ['1877', 'United States toll-free', '0.0010', '0.0010'],
  ['1866', 'United States toll-free', '0.0010', '0.0010'],
  ['1907', 'United States Alaska', '0.0250', '0.0230'],
  ['1808', 'United States Hawaii', '0.0070', '0.0065'],
  ['1787', 'Puerto Rico', '0.0080', '0.0075'],
  ['1242', 'Bahamas', '0.1400', '0.1300'],
  ['1876', 'Jamaica', '0.1800', '0.1650'],
  ['1809', 'Dominican Republic', '0.0700', '0.0650'],
  ['44', 'United Kingdom', '0.0080', '0.0075'],
  ['4420', 'United Kingdom London', '0.0060', '0.0055'],
  ['447', 'United Kingdom mobile', '0.0150', '0.0140'],
  ['4474', 'United Kingdom mobile', '0.0140', '0.0130'],
  ['4475', 'United Kingdom mobile', '0.0140', '0.0130'],
  ['4477', 'United Kingdom mobile', '0.0140', '0.0130'],
  ['4478', 'United Kingdom mobile', '0.0140', '0.0130'],
  ['4479', 'United Kingdom mobile', '0.0140', '0.0130'],
  ['447624', 'Isle of Man mobile', '0.2200', '0.2000'],
  ['4470', 'United Kingdom personal numbers', '0.3000', '0.2800'],
  ['49', 'Germany', '0.0090', '0.0080'],
  ['4930', 'Germany Berlin', '0.0070', '0.0065'],
  ['4989', 'Germany Munich', '0.0070', '0.0065'],
  ['4915', 'Germany mobile', '0.0350', '0.0320'],
  ['49151', 'Germany mobile T-Mobile', '0.0340', '0.0310'],
  ['49152', 'Germany mobile Vodafone', '0.0340', '0.0310'],
  ['49157', 'Germany mobile E-Plus', '0.0360', '0.0330'],
  ['49159', 'Germany mobile O2', '0.0360', '0.0330'],
  ['4916', 'Germany mobile', '0.0350', '0.0320'],
  ['4917', 'Germany mobile', '0.0350', '0.0320'],
  ['33', 'France', '0.0100', '0.0090'],
  ['331', 'France Paris', '0.0080', '0.0075'],
  ['336', 'France mobile', '0.0300', '0.0280'],
  ['337', 'France mobile', '0.0300', '0.0280'],
  ['91', 'India', '0.0150', '0.0140'],
  ['917', 'India mobile', '0.0140', '0.0130'],
  ['918', 'India mobile', '0.0140', '0.0130'],
  ['919', 'India mobile', '0.0140', '0.0130'],
  ['52', 'Mexico', '0.0120', '0.0110'],
  ['5255', 'Mexico Mexico City', '0.0080', '0.0075'],
  ['5281', 'Mexico Monterrey', '0.0090', '0.0085'],
  ['521', 'Mexico mobile', '0.0180', '0.0165'],
  ['34', 'Spain', '0.0090', '0.0085'],
  ['346', 'Spain mobile', '0.0250', '0.0230'],
  ['347', 'Spain mobile', '0.0250', '0.0230'],
  ['39', 'Italy', '0.0100', '0.0090'],
  ['393', 'Italy mobile', '0.0300', '0.0280'],
  ['31', 'Netherlands', '0.0110', '0.0100'],
  ['316', 'Netherlands mobile', '0.0400', '0.0370'],
  ['61', 'Australia', '0.0200', '0.0185'],
  ['614', 'Australia mobile', '0.0350', '0.0320'],
  ['81', 'Japan', '0.0300', '0.0280'],
  ['8190', 'Japan mobile', '0.0700', '0.0650'],
  ['86', 'China', '0.0150', '0.0140'],
  ['55', 'Brazil', '0.0150', '0.0140'],
  ['5511', 'Brazil Sao Paulo', '0.0090', '0.0085'],
  ['234', 'Nigeria', '0.1300', '0.1200'],
]

/** Rate changes loaded in advance: prefix, destination, USD, EUR, from. */
const VOICE_CHANGES: [string, string, string, string, string][] = [
  ['447', 'United Kingdom mobile', '0.0170', '0.0160', '2027-01-01T00:00:00Z'],
  ['4915', 'Germany mobile', '0.0320', '0.0300', '2027-01-01T00:00:00Z'],
  ['91', 'India', '0.0170', '0.0160', '2027-03-01T00:00:00Z'],
]

/** Messages by country code: prefix, country, SMS USD, SMS EUR, MMS USD, MMS EUR (blank: no MMS). */
const MESSAGES: [string, string, string, string, string, string][] = [
  ['1', 'United States and Canada', '0.0040', '0.0037', '0.0100', '0.0095'],
  ['44', 'United Kingdom', '0.0300', '0.0280', '0.1000', '0.0950'],
  ['49', 'Germany', '0.0650', '0.0600', '', ''],
  ['33', 'France', '0.0550', '0.0500', '', ''],
  ['91', 'India', '0.0030', '0.0028', '', ''],
  ['52', 'Mexico', '0.0250', '0.0230', '', ''],
  ['34', 'Spain', '0.0500', '0.0460', '', ''],
]

/** Numbers: country, type, USD setup/monthly, EUR setup/monthly (micro-units). */
const NUMBERS: [string, NumberType, number, number, number, number][] = [
  ['US', 'local', 0, 500_000, 0, 460_000],
  ['US', 'toll_free', 0, 1_200_000, 0, 1_100_000],
  ['CA', 'local', 0, 600_000, 0, 550_000],
  ['CA', 'toll_free', 0, 1_300_000, 0, 1_200_000],
  ['GB', 'local', 500_000, 800_000, 460_000, 740_000],
  ['GB', 'mobile', 1_000_000, 1_500_000, 920_000, 1_380_000],
  ['GB', 'toll_free', 5_000_000, 4_000_000, 4_600_000, 3_700_000],
  ['DE', 'local', 1_000_000, 1_000_000, 920_000, 920_000],
  ['DE', 'mobile', 2_000_000, 3_000_000, 1_850_000, 2_750_000],
  ['DE', 'toll_free', 10_000_000, 8_000_000, 9_200_000, 7_400_000],
]

/** GB mobile numbers get dearer next year, loaded in advance. */
const NUMBER_CHANGES: [string, NumberType, number, number, number, number, string][] = [
  ['GB', 'mobile', 1_000_000, 1_800_000, 920_000, 1_650_000, '2027-01-01T00:00:00Z'],
]

/** The demo deck of one currency as the CSV an operator would upload. */
export function demoDeckCsv(currency: 'USD' | 'EUR') {
  const column = currency === 'USD' ? 0 : 1
  const lines = ['service,prefix,description,rate,effective_from']
  for (const [prefix, name, ...rates] of VOICE) lines.push(`voice,${prefix},${name},${rates[column]},`)
  for (const [prefix, name, usd, eur, from] of VOICE_CHANGES) lines.push(`voice,${prefix},${name},${[usd, eur][column]},${from}`)
  for (const [prefix, name, smsUsd, smsEur, mmsUsd, mmsEur] of MESSAGES) {
    lines.push(`sms,${prefix},${name},${[smsUsd, smsEur][column]},`)
    if (mmsUsd) lines.push(`mms,${prefix},${name},${[mmsUsd, mmsEur][column]},`)
  }
  return lines.join('\n') + '\n'
}

function demoNumberCosts(currency: 'USD' | 'EUR'): NumberCostInput[] {
  const pick = (usd: number, eur: number) => (currency === 'USD' ? usd : eur)
  return [
    ...NUMBERS.map(([country, type, setupUsd, monthlyUsd, setupEur, monthlyEur]) => ({
      country,
      type,
      setupMicros: pick(setupUsd, setupEur),
      monthlyMicros: pick(monthlyUsd, monthlyEur),
      effectiveFrom: null,
    })),
    ...NUMBER_CHANGES.map(([country, type, setupUsd, monthlyUsd, setupEur, monthlyEur, from]) => ({
      country,
      type,
      setupMicros: pick(setupUsd, setupEur),
      monthlyMicros: pick(monthlyUsd, monthlyEur),
      effectiveFrom: from,
    })),
  ]
}

/** Loads the demo decks and number costs for each currency that has no active deck yet. */
export async function seedWholesale() {
  for (const currency of ['USD', 'EUR'] as const) {
    const active = await WholesaleDeck.query().where('currency', currency).where('status', 'active').first()
    if (active) continue
    await deckImports.import(demoDeckCsv(currency), {
      currency,
      name: `Demo ${currency} deck`,
      increments: '6/6',
      createdBy: 'demo seeder',
    })
    await numberCosts.replace(currency, demoNumberCosts(currency))
  }
}
