import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What happens to calls to one number, in priority order (lower first): forward_always, dnd,
 * schedule, forward_busy, forward_unreachable, forward_no_answer. `schedule` is JSON.
 */
export default class extends BaseSchema {
  protected tableName = 'call_rules'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('phone_number_id').unsigned().notNullable().references('id').inTable('phone_numbers').onDelete('CASCADE')
      table.string('type', 24).notNullable()
      table.integer('priority').notNullable().defaultTo(100)
      table.boolean('enabled').notNullable().defaultTo(true)
      /** An E.164 number, or null for voicemail. */
      table.string('target', 16).nullable()
      table.integer('timeout_seconds').nullable()
      table.text('schedule').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['tenant_id', 'phone_number_id', 'priority'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
