import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The rows of a wholesale deck: a rate per destination prefix and service, effective-dated.
 * Voice rates are per minute, SMS per segment, MMS per message, in micro-units of the deck's
 * currency. The rating engine reads a whole deck into memory; nothing looks rows up one by one.
 */
export default class extends BaseSchema {
  protected tableName = 'wholesale_rates'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table.integer('deck_id').unsigned().notNullable().references('id').inTable('wholesale_decks').onDelete('CASCADE')
      table.string('service', 8).notNullable()
      table.string('prefix', 15).notNullable()
      table.string('description', 120).notNullable().defaultTo('')
      table.bigInteger('rate_micros').notNullable()
      /** Millisecond precision, and DATETIME rather than TIMESTAMP so a date past 2038 fits. UTC. */
      table.datetime('effective_from', { precision: 3 }).nullable()
      table.index(['deck_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
