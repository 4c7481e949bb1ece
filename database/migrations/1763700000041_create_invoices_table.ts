import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A monthly statement per user. The figures are computed once from the append-only ledger
 * of a closed month, so they never change; the PDF is rendered from this row on download.
 * `issuer` and `customer` keep the legal details as they were when the invoice was issued.
 */
export default class extends BaseSchema {
  protected tableName = 'invoices'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('wallet_id').unsigned().notNullable().references('id').inTable('wallets').onDelete('CASCADE')
      table.string('period', 7).notNullable()
      /** `<SLUG>-YYYYMM-<sequence>`, unique within the brand. */
      table.string('number', 64).notNullable()
      table.integer('sequence').unsigned().notNullable()
      table.string('currency', 3).notNullable()
      table.bigInteger('opening_balance_micros').notNullable()
      table.bigInteger('credits_micros').notNullable()
      table.bigInteger('debits_micros').notNullable()
      table.bigInteger('closing_balance_micros').notNullable()
      /** Per ledger category: entry count, credits and debits (JSON). */
      table.text('totals').notNullable()
      table.text('issuer').notNullable()
      table.text('customer').notNullable()
      table.timestamp('created_at').notNullable()
      table.unique(['user_id', 'period'])
      table.unique(['tenant_id', 'number'])
      table.unique(['tenant_id', 'period', 'sequence'])
      table.index(['tenant_id', 'period'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
