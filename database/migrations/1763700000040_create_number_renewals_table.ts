import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One row per number and billing period (`YYYY-MM` of the date the renewal was due). The
 * unique key is what makes renewals idempotent: however many runs or workers reach the same
 * number for the same month, only one of them can charge it.
 */
export default class extends BaseSchema {
  protected tableName = 'number_renewals'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('phone_number_id').unsigned().notNullable().references('id').inTable('phone_numbers').onDelete('CASCADE')
      /** The user charged (or who failed to pay): the number may leave them later. */
      table.integer('user_id').unsigned().nullable()
      table.string('period', 7).notNullable()
      table.string('status', 16).notNullable()
      table.integer('attempts').unsigned().notNullable().defaultTo(0)
      table.bigInteger('amount_micros').notNullable()
      table.bigInteger('ledger_entry_id').unsigned().nullable()
      table.string('last_error', 255).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['phone_number_id', 'period'])
      table.index(['tenant_id', 'period'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
