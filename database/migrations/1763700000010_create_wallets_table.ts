import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One prepaid wallet per end user. `balance_micros` and `held_micros` only ever change in the
 * same transaction as the ledger entry that explains them, under a row lock.
 */
export default class extends BaseSchema {
  protected tableName = 'wallets'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('currency', 3).notNullable()
      table.bigInteger('balance_micros').notNullable().defaultTo(0)
      table.bigInteger('held_micros').notNullable().defaultTo(0)
      table.bigInteger('credit_limit_micros').notNullable().defaultTo(0)
      table.boolean('auto_recharge_enabled').notNullable().defaultTo(false)
      table.bigInteger('auto_recharge_threshold_micros').notNullable().defaultTo(0)
      table.bigInteger('auto_recharge_amount_micros').notNullable().defaultTo(0)
      table.string('auto_recharge_gateway', 16).nullable()
      table.string('gateway_customer_ref', 255).nullable()
      table.string('gateway_payment_method_ref', 255).nullable()
      table.string('payment_method_label', 80).nullable()
      table.timestamp('auto_recharge_due_at').nullable()
      table.integer('auto_recharge_failures').notNullable().defaultTo(0)
      table.string('auto_recharge_last_error', 255).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['user_id'])
      table.index(['tenant_id', 'auto_recharge_due_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
