import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Each refund of a wallet recharge back to the buyer's card or PayPal account: who asked, why,
 * and what the gateway answered. The wallet side is the ledger entry that references it.
 */
export default class extends BaseSchema {
  protected tableName = 'payment_refunds'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('payment_id').unsigned().notNullable().references('id').inTable('payments').onDelete('CASCADE')
      table.bigInteger('amount_micros').notNullable()
      table.string('reason', 255).notNullable()
      table.integer('actor_id').unsigned().nullable()
      table.string('status', 16).notNullable().defaultTo('pending')
      table.string('gateway_ref', 255).nullable()
      table.string('failure_message', 255).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['tenant_id', 'payment_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
