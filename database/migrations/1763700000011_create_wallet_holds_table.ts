import { BaseSchema } from '@adonisjs/lucid/schema'

/** Funds reserved for work in progress (a live call, a queued message) until settled or released. */
export default class extends BaseSchema {
  protected tableName = 'wallet_holds'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('wallet_id').unsigned().notNullable().references('id').inTable('wallets').onDelete('CASCADE')
      table.bigInteger('amount_micros').notNullable()
      table.string('status', 16).notNullable().defaultTo('open')
      table.string('category', 32).notNullable()
      table.string('reference_type', 32).nullable()
      table.string('reference_id', 64).nullable()
      table.string('description', 255).nullable()
      table.bigInteger('settled_micros').nullable()
      table.timestamp('expires_at').notNullable()
      table.timestamp('closed_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['status', 'expires_at'])
      table.index(['wallet_id', 'status'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
