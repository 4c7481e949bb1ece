import { BaseSchema } from '@adonisjs/lucid/schema'

/** What a phone number costs the platform, per currency, country and type; effective-dated. */
export default class extends BaseSchema {
  protected tableName = 'wholesale_number_costs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('currency', 3).notNullable()
      table.string('country', 2).notNullable()
      table.string('type', 16).notNullable()
      table.bigInteger('setup_micros').notNullable()
      table.bigInteger('monthly_micros').notNullable()
      /** UTC; null = in force since forever. */
      table.datetime('effective_from', { precision: 3 }).nullable()
      table.timestamp('created_at').notNullable()
      table.index(['currency'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
