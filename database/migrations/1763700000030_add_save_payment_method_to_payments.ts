import { BaseSchema } from '@adonisjs/lucid/schema'

/** Whether the buyer asked to keep the payment method for auto-recharge (the fake gateway has nowhere else to keep it). */
export default class extends BaseSchema {
  protected tableName = 'payments'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.boolean('save_payment_method').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('save_payment_method')
    })
  }
}
