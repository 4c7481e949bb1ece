import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One row per call leg the platform routed or placed: the live state while it runs and the CDR
 * once it ends (rated price, wholesale cost, what the wallet paid, the hold behind it).
 */
export default class extends BaseSchema {
  protected tableName = 'calls'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('uuid', 36).notNullable().unique()
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('direction', 8).notNullable()
      table.string('status', 16).notNullable()
      table.string('from_number', 64).notNullable()
      table.string('to_number', 64).notNullable()
      table.string('caller_id', 16).nullable()
      table.integer('phone_number_id').unsigned().nullable()
      table.integer('device_id').unsigned().nullable()
      /** What routing decided: device, forward, voicemail, pstn, trunk, reject. */
      table.string('route', 16).nullable()
      table.string('forwarded_to', 16).nullable()
      table.string('switch', 16).notNullable()
      table.string('switch_ref', 64).nullable()
      table.integer('sip_code').nullable()
      table.string('hangup_cause', 48).nullable()
      table.string('reason', 128).nullable()
      table.integer('wallet_id').unsigned().nullable()
      table.integer('hold_id').unsigned().nullable()
      /** Seconds of talk the open hold covers; grown as the call goes on. */
      table.integer('covered_seconds').notNullable().defaultTo(0)
      table.string('rate_prefix', 16).nullable()
      table.bigInteger('rate_per_minute_micros').nullable()
      table.integer('duration_seconds').nullable()
      table.integer('billable_seconds').nullable()
      table.bigInteger('price_micros').nullable()
      table.bigInteger('cost_micros').nullable()
      table.bigInteger('charged_micros').nullable()
      table.bigInteger('uncollected_micros').nullable()
      table.string('currency', 3).nullable()
      table.timestamp('started_at').notNullable()
      table.timestamp('answered_at').nullable()
      table.timestamp('ended_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['tenant_id', 'started_at'])
      table.index(['tenant_id', 'user_id', 'started_at'])
      table.index(['status', 'answered_at'])
      table.index(['switch_ref'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
