import { parse } from 'csv-parse/sync'

/**
 * Bulk templates and recipient lists. A template names variables as `{{name}}`; each recipient
 * brings its own values. Variable names are matched case-insensitively (CSV headers are often
 * typed by hand), and an empty value counts as missing: "Hi , your code is" helps no one.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g

/** One recipient: where to, its variables, and where it came from (for error reports). */
export interface BulkRecipient {
  to: string
  vars: Record<string, string>
  /** The field prefix errors about this recipient carry: `recipients.3` or `file.5` (a CSV line). */
  source: string
}

/** A recipient list that cannot be read at all (no destination column, not CSV). */
export class RecipientListError extends Error {
  constructor(
    message: string,
    readonly field: string
  ) {
    super(message)
  }
}

/** The variables a template uses, lower-cased, each once, in order of appearance. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1].toLowerCase()))]
}

/** The template filled with one recipient's values, and the variables it had no value for. */
export function fillTemplate(template: string, vars: Record<string, string>) {
  const missing = new Set<string>()
  const body = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = vars[name.toLowerCase()]
    if (value === undefined || value.trim() === '') {
      missing.add(name.toLowerCase())
      return ''
    }
    return value
  })
  return { body, missing: [...missing] }
}

/** Variables from a JSON recipient: every key except the destination, as text, keys lower-cased. */
export function varsOf(row: Record<string, unknown>) {
  const vars: Record<string, string> = {}
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined || typeof value === 'object') continue
    vars[key.trim().toLowerCase()] = String(value)
  }
  return vars
}

/** The JSON list form: `[{ to, ...vars }]`. */
export function recipientsFromList(rows: Array<Record<string, unknown>>): BulkRecipient[] {
  return rows.map((row, index) => {
    const vars = varsOf(row)
    return { to: String(row.to ?? row.phone ?? ''), vars, source: `recipients.${index}` }
  })
}

/**
 * The CSV form: a header row naming a `to` (or `phone`) column and the variables. Quoting,
 * embedded commas and a byte order mark are csv-parse's business. Errors name the line.
 */
export function recipientsFromCsv(data: string | Buffer): { recipients: BulkRecipient[]; columns: string[] } {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>
  let columns: string[] = []
  try {
    records = parse(data, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => (columns = header.map((name) => name.trim().toLowerCase())),
    })
  } catch (error) {
    throw new RecipientListError(`The file is not valid CSV: ${(error as Error).message.replace(/^[A-Z_]+:\s*/, '')}`, 'file')
  }
  const destination = columns.includes('to') ? 'to' : columns.includes('phone') ? 'phone' : null
  if (!destination) throw new RecipientListError('The CSV needs a header row with a "to" (or "phone") column', 'file')
  const recipients = records.map(({ record, info }) => ({ to: record[destination] ?? '', vars: varsOf(record), source: `file.${info.lines}` }))
  return { recipients, columns }
}
