import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Every SMS and MMS, both ways, and the transactional outbox: an outbound row is written
 * `queued` (or `scheduled`) in the same transaction as its wallet hold, and workers claim due
 * rows with `FOR UPDATE SKIP LOCKED`, submit them and move them on.
 */
export default class extends BaseSchema {
  protected tableName = 'messages'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('phone_number_id').unsigned().nullable()
      /** Our stable reference: sent to carriers with every (re)submission, so duplicates can be recognised. */
      table.string('ref', 36).notNullable().unique()
      table.string('direction', 8).notNullable()
      table.string('kind', 4).notNullable()
      table.string('from_number', 32).notNullable()
      table.string('to_number', 32).notNullable()
      /** The other party: the thread a message belongs to. */
      table.string('contact', 32).notNullable()
      table.text('body').notNullable()
      table.string('encoding', 8).notNullable()
      table.integer('segments').unsigned().notNullable()
      table.integer('media_count').unsigned().notNullable().defaultTo(0)
      table.string('status', 12).notNullable()
      /** When the outbox may submit it: now, a retry's backoff, or the scheduled time. */
      table.timestamp('due_at', { precision: 3 }).nullable()
      table.timestamp('scheduled_for', { precision: 3 }).nullable()
      table.string('time_zone', 64).nullable()
      table.integer('attempts').unsigned().notNullable().defaultTo(0)
      table.string('claimed_by', 64).nullable()
      table.timestamp('claim_expires_at', { precision: 3 }).nullable()
      table.integer('hold_id').unsigned().nullable()
      table.bigInteger('price_micros').notNullable().defaultTo(0)
      table.bigInteger('cost_micros').nullable()
      table.bigInteger('charged_micros').nullable()
      table.string('currency', 3).notNullable()
      table.string('carrier', 48).nullable()
      table.string('carrier_message_id', 96).nullable()
      table.string('error_code', 32).nullable()
      table.string('error_message', 255).nullable()
      table.integer('bulk_id').unsigned().nullable()
      table.timestamp('read_at').nullable()
      table.timestamp('sent_at', { precision: 3 }).nullable()
      table.timestamp('delivered_at', { precision: 3 }).nullable()
      table.timestamp('failed_at', { precision: 3 }).nullable()
      table.timestamp('cancelled_at').nullable()
      table.timestamp('created_at', { precision: 3 }).notNullable()
      table.timestamp('updated_at', { precision: 3 }).notNullable()
      table.index(['status', 'due_at'])
      table.index(['carrier_message_id'])
      table.index(['tenant_id', 'user_id', 'contact', 'created_at'])
      table.index(['tenant_id', 'user_id', 'status'])
      table.index(['bulk_id', 'status'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
