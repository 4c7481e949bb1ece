import Message, { type MessageDirection, type MessageKind, type MessageStatus } from '#models/message'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { presentMessage } from './message_feed.js'

export interface PageQuery {
  page?: number
  perPage?: number
}

export interface MessageListQuery extends PageQuery {
  kind?: MessageKind
  direction?: MessageDirection
  status?: MessageStatus
  contact?: string
}

/** A conversation: everything one user exchanged with one contact. */
export interface ThreadSummary {
  contact: string
  /** The user's number on the latest message (the one a reply goes out from). */
  number: string
  messages: number
  unread: number
  lastMessage: ReturnType<typeof presentMessage>
}

const pageMeta = (total: number, query: PageQuery) => ({ total, page: query.page ?? 1, perPage: query.perPage ?? 20 })

/**
 * What a user reads of their messages through the API: lists, one message, scheduled ones,
 * conversations (a cancelled message starts or ends none).
 * Every query is by the owner inside the brand, so anyone else's id or contact is "not found".
 */
export class MessageQueries {
  /** The user's messages, newest first. */
  list(tenant: TenantSnapshot, userId: number, query: MessageListQuery = {}) {
    return runForTenant(tenant, async () => {
      const builder = Message.query().where('user_id', userId).orderBy('id', 'desc')
      if (query.kind) builder.where('kind', query.kind)
      if (query.direction) builder.where('direction', query.direction)
      if (query.status) builder.where('status', query.status)
      if (query.contact) builder.where('contact', query.contact)
      const page = await builder.paginate(query.page ?? 1, query.perPage ?? 20)
      return { items: page.all().map(presentMessage), meta: pageMeta(page.getMeta().total, query) }
    })
  }

  /** Messages still waiting for their time, soonest first. */
  scheduled(tenant: TenantSnapshot, userId: number, query: PageQuery & { kind?: MessageKind } = {}) {
    return runForTenant(tenant, async () => {
      const builder = Message.query().where('user_id', userId).where('status', 'scheduled').orderBy('due_at', 'asc').orderBy('id', 'asc')
      if (query.kind) builder.where('kind', query.kind)
      const page = await builder.paginate(query.page ?? 1, query.perPage ?? 20)
      return { items: page.all().map(presentMessage), meta: pageMeta(page.getMeta().total, query) }
    })
  }

  /** The user's message, or null when it is not theirs (or not of `kind`). */
  find(tenant: TenantSnapshot, userId: number, id: number, kind?: MessageKind) {
    return runForTenant(tenant, () => {
      const builder = Message.query().where('id', id).where('user_id', userId)
      if (kind) builder.where('kind', kind)
      return builder.first()
    })
  }

  /** The user's conversations, the most recently active first. */
  threads(tenant: TenantSnapshot, userId: number, query: PageQuery & { number?: string } = {}) {
    return runForTenant(tenant, async () => {
      const scope = () => {
        const builder = Message.query().where('user_id', userId).whereNot('status', 'cancelled')
        if (query.number) builder.where((mine) => mine.where('from_number', query.number!).orWhere('to_number', query.number!))
        return builder
      }
      const perPage = query.perPage ?? 20
      const counted = await scope().countDistinct('contact as total').first()
      const rows = await this.#aggregate(scope())
        .groupBy('contact')
        .orderBy('last_id', 'desc')
        .offset(((query.page ?? 1) - 1) * perPage)
        .limit(perPage)
      return { items: await this.#summaries(rows), meta: pageMeta(Number(counted?.$extras.total ?? 0), { ...query, perPage }) }
    })
  }

  /** One conversation, newest first; null when the user never exchanged a message with `contact`. */
  thread(tenant: TenantSnapshot, userId: number, contact: string, query: PageQuery = {}) {
    return runForTenant(tenant, async () => {
      const [summary] = await this.#summaries(await this.#threadRows(userId, contact))
      if (!summary) return null
      const page = await Message.query().where('user_id', userId).where('contact', contact).whereNot('status', 'cancelled').orderBy('id', 'desc').paginate(query.page ?? 1, query.perPage ?? 50)
      return { summary, items: page.all().map(presentMessage), meta: pageMeta(page.getMeta().total, { ...query, perPage: query.perPage ?? 50 }) }
    })
  }

  /** A conversation's summary alone (after marking it read). */
  summary(tenant: TenantSnapshot, userId: number, contact: string) {
    return runForTenant(tenant, async () => (await this.#summaries(await this.#threadRows(userId, contact)))[0] ?? null)
  }

  #threadRows(userId: number, contact: string) {
    return this.#aggregate(Message.query().where('user_id', userId).where('contact', contact).whereNot('status', 'cancelled')).groupBy('contact')
  }

  #aggregate(builder: ReturnType<typeof Message.query>) {
    return builder
      .select('contact')
      .max('id as last_id')
      .count('* as messages')
      .select(builder.client.raw("SUM(CASE WHEN direction = 'inbound' AND read_at IS NULL THEN 1 ELSE 0 END) as unread"))
  }

  /** Aggregate rows (contact with last_id, messages, unread in $extras) -> summaries. */
  async #summaries(aggregates: unknown[]): Promise<ThreadSummary[]> {
    const rows = aggregates as Message[]
    if (!rows.length) return []
    const last = await Message.query().whereIn('id', rows.map((row) => Number(row.$extras.last_id)))
    const byId = new Map(last.map((message) => [message.id, message]))
    return rows.map((row) => {
      const message = byId.get(Number(row.$extras.last_id))!
      return {
        contact: row.contact,
        number: message.direction === 'outbound' ? message.fromNumber : message.toNumber,
        messages: Number(row.$extras.messages),
        unread: Number(row.$extras.unread ?? 0),
        lastMessage: presentMessage(message),
      }
    })
  }
}

const messageQueries = new MessageQueries()
export default messageQueries
