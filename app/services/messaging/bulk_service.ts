import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { Exception } from '@adonisjs/core/exceptions'
import MessageBulk from '#models/message_bulk'
import { toE164 } from '#services/phone'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { MessagingConfig } from '#config/messaging'
import type { FieldError } from '#services/api_envelope'
import messageService, { type MessageDraft } from './message_service.js'
import type { MessageRefusedError } from './errors.js'
import { fillTemplate, templateVariables, type BulkRecipient } from './bulk_template.js'

/** What a bulk send asks for; recipients come from the JSON list or the CSV file alike. */
export interface BulkInput {
  template: string
  recipients: BulkRecipient[]
  /** The variables the list offers (CSV columns; for a JSON list, every key any row has). */
  columns: string[]
  /** The field that names the list in errors: `recipients` or `file`. */
  listField: string
  from?: string | null
  name?: string | null
  perMinute?: number | null
  sendAt?: string | null
  timeZone?: string | null
  skipInvalid?: boolean
}

/** One recipient left out, and why. */
export interface RowProblem {
  field: string
  to: string
  code: string
  message: string
}

/** A bulk send refused as a whole: nothing was written and nothing held. */
export class BulkRefusedError extends Exception {
  constructor(
    code: string,
    message: string,
    readonly fields: FieldError[],
    status = 422
  ) {
    super(message, { status, code })
  }
}

/** Refusals that concern one recipient; any other refusal (sender, schedule, feature, funds) concerns the whole send. */
const ROW_REFUSALS = new Set(['DESTINATION_INVALID', 'DESTINATION_NOT_ALLOWED', 'OPTED_OUT', 'NO_RATE', 'BODY_INVALID'])
/** Problems listed in a 422; the message gives the full count. */
const MAX_REPORTED = 100

/**
 * Bulk sending: one template filled per recipient, every recipient checked like a single
 * message, then the bulk row, all its messages and their holds written in one transaction.
 * By default one bad recipient refuses the whole send (422 listing the rows); with
 * `skipInvalid` the bad rows are left out and reported.
 */
export class BulkService {
  /** Checks and queues a bulk send; returns the bulk with the rows left out and the duplicates dropped. */
  async create(tenant: TenantSnapshot, userId: number, input: BulkInput) {
    this.#checkList(input)
    const problems: Array<RowProblem & { order: number }> = []
    const rows: Array<{ recipient: BulkRecipient; body: string; order: number }> = []
    const seen = new Set<string>()
    let duplicates = 0
    for (const [order, recipient] of input.recipients.entries()) {
      const { body, missing } = fillTemplate(input.template, recipient.vars)
      if (missing.length) {
        const message = `No value for {{${missing.join('}}, {{')}}}`
        problems.push({ order, field: `${recipient.source}.${missing[0]}`, to: recipient.to, code: 'VARIABLE_MISSING', message })
        continue
      }
      const key = toE164(recipient.to) ?? recipient.to.trim()
      if (seen.has(key)) {
        duplicates++
        continue
      }
      seen.add(key)
      rows.push({ recipient, body, order })
    }
    const inputs = rows.map(({ recipient, body }) => ({ kind: 'sms' as const, from: input.from ?? null, to: recipient.to, body, sendAt: input.sendAt ?? null, timeZone: input.timeZone ?? null }))
    const results = await messageService.prepareMany(tenant, userId, inputs, (index, name) =>
      name === 'to' || name === 'body' ? `${rows[index].recipient.source}.${name}` : name
    )
    const drafts: MessageDraft[] = []
    for (const [index, result] of results.entries()) {
      if (!('refusal' in result)) drafts.push(result)
      else if (!ROW_REFUSALS.has(result.refusal)) throw result
      else problems.push({ order: rows[index].order, ...rowProblem(result, rows[index].recipient) })
    }
    problems.sort((a, b) => a.order - b.order)
    const skipped = problems.map(({ order: _order, ...problem }) => problem)
    if (skipped.length && !input.skipInvalid) {
      throw this.#refusal(`${skipped.length} of ${input.recipients.length} recipients cannot be sent to; fix them, or send skip_invalid: true to leave them out`, skipped)
    }
    if (!drafts.length) throw this.#refusal('No recipient can be sent to', skipped)
    this.#throttle(drafts, input.perMinute ?? null)
    const bulk = await db.transaction(async (trx) => {
      const created = await MessageBulk.create(
        {
          userId,
          phoneNumberId: drafts[0].number.id,
          name: input.name ?? null,
          template: input.template,
          total: drafts.length,
          perMinute: input.perMinute ?? null,
          startsAt: drafts[0].scheduledFor,
          status: drafts[0].scheduledFor ? 'scheduled' : 'sending',
        },
        { client: trx }
      )
      await messageService.queue(userId, drafts, { bulkId: created.id, trx })
      return created
    })
    return { bulk, skipped, duplicates }
  }

  /** The user's bulk send by id, or null (anyone else's is as good as missing). */
  find(userId: number, id: number) {
    return MessageBulk.query().where('id', id).where('user_id', userId).first()
  }

  /** The user's bulk sends, newest first. */
  list(userId: number, page: number, perPage: number) {
    return MessageBulk.query().where('user_id', userId).orderBy('id', 'desc').paginate(page, perPage)
  }

  #checkList(input: BulkInput) {
    const { maxBulkRecipients } = app.config.get<MessagingConfig>('messaging').limits
    if (!input.recipients.length) throw new BulkRefusedError('RECIPIENTS_INVALID', 'There are no recipients', [{ field: input.listField, message: 'Add at least one recipient' }])
    if (input.recipients.length > maxBulkRecipients) {
      const message = `${input.recipients.length} recipients; one bulk send takes at most ${maxBulkRecipients}`
      throw new BulkRefusedError('TOO_MANY_RECIPIENTS', message, [{ field: input.listField, message }])
    }
    const offered = new Set(input.columns)
    const unknown = templateVariables(input.template).filter((name) => !offered.has(name))
    if (unknown.length) {
      const message = `The template uses {{${unknown.join('}}, {{')}}}, which no recipient has a value for`
      throw new BulkRefusedError('TEMPLATE_INVALID', message, [{ field: 'template', message }])
    }
  }

  /** Spreads the send: recipient i is due `i * 60 / perMinute` seconds after the first. */
  #throttle(drafts: MessageDraft[], perMinute: number | null) {
    if (!perMinute) return
    const start = drafts[0].dueAt
    for (const [index, draft] of drafts.entries()) draft.dueAt = start.plus({ milliseconds: Math.round((index * 60_000) / perMinute) })
  }

  #refusal(message: string, problems: RowProblem[]) {
    const fields = problems.slice(0, MAX_REPORTED).map((problem) => ({ field: problem.field, message: problem.message, rule: problem.code }))
    return new BulkRefusedError('RECIPIENTS_INVALID', message, fields)
  }
}

function rowProblem(error: MessageRefusedError, recipient: BulkRecipient): RowProblem {
  return { field: error.fields[0]?.field ?? recipient.source, to: recipient.to, code: error.refusal, message: error.message }
}

const bulkService = new BulkService()
export default bulkService
