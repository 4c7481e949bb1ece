import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Numbers held by a brand's users. E.164 is globally unique: a number belongs to one brand at
 * a time. Billing fields drive the monthly renewal; the numbers issue adds the rest.
 */
export default class extends BaseSchema {
  protected tableName = 'phone_numbers'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('e164', 16).notNullable().unique()
      table.string('country', 2).notNullable()
      table.string('type', 16).notNullable()
      table.string('status', 16).notNullable().defaultTo('active')
      table.boolean('is_primary').notNullable().defaultTo(false)
      table.bigInteger('monthly_price_micros').notNullable()
      table.bigInteger('monthly_cost_micros').notNullable().defaultTo(0)
      table.timestamp('renews_at').nullable()
      table.timestamp('grace_until').nullable()
      table.timestamp('quarantined_until').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['tenant_id', 'user_id'])
      table.index(['status', 'renews_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
