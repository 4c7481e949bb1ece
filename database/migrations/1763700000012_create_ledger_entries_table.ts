import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The append-only wallet ledger. Each entry says what moved (`amount_micros` is the signed
 * change to the balance, `held_delta_micros` the signed change to holds), why (kind, category,
 * reference) and where it left the wallet. Rows are never updated or deleted.
 */
export default class extends BaseSchema {
  protected tableName = 'ledger_entries'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('wallet_id').unsigned().notNullable().references('id').inTable('wallets').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable()
      table.string('kind', 16).notNullable()
      table.string('category', 32).notNullable()
      table.bigInteger('amount_micros').notNullable()
      table.bigInteger('held_delta_micros').notNullable().defaultTo(0)
      table.bigInteger('balance_after_micros').notNullable()
      table.bigInteger('held_after_micros').notNullable()
      /** The platform's wholesale cost of what was charged, for margin reports. */
      table.bigInteger('cost_micros').nullable()
      table.string('currency', 3).notNullable()
      table.integer('hold_id').unsigned().nullable()
      table.string('reference_type', 32).nullable()
      table.string('reference_id', 64).nullable()
      table.string('description', 255).nullable()
      table.integer('actor_id').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.index(['wallet_id', 'id'])
      table.index(['tenant_id', 'created_at'])
      table.index(['reference_type', 'reference_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
