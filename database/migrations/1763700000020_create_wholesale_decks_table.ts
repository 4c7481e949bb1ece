import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The platform's wholesale rate decks, one active per currency. Not tenant-owned: every brand
 * pricing in a currency is rated against that currency's active deck. Older decks are archived,
 * not deleted, so what a past call cost can still be looked up.
 */
export default class extends BaseSchema {
  protected tableName = 'wholesale_decks'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('currency', 3).notNullable()
      table.string('name', 120).notNullable()
      table.string('status', 16).notNullable().defaultTo('importing')
      table.integer('row_count').unsigned().notNullable().defaultTo(0)
      /** The carrier's billing increments: what the platform's cost is billed in. */
      table.smallint('first_increment_seconds').unsigned().notNullable().defaultTo(1)
      table.smallint('next_increment_seconds').unsigned().notNullable().defaultTo(1)
      table.string('created_by', 254).notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('activated_at').nullable()
      table.index(['currency', 'status'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
