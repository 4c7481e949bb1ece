import { BaseSchema } from '@adonisjs/lucid/schema'

/** A wallet recharge through a gateway, from checkout to credit (and any refunds). */
export default class extends BaseSchema {
  protected tableName = 'payments'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('wallet_id').unsigned().notNullable().references('id').inTable('wallets').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable()
      table.string('gateway', 16).notNullable()
      table.string('gateway_ref', 255).nullable()
      table.string('purpose', 16).notNullable().defaultTo('recharge')
      table.bigInteger('amount_micros').notNullable()
      table.bigInteger('refunded_micros').notNullable().defaultTo(0)
      table.string('currency', 3).notNullable()
      table.string('status', 20).notNullable().defaultTo('pending')
      table.string('failure_message', 255).nullable()
      table.timestamp('credited_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['gateway', 'gateway_ref'])
      table.index(['tenant_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
