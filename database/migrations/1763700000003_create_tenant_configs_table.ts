import { BaseSchema } from '@adonisjs/lucid/schema'

/** Every version of every tenant's config document; the highest version is current. */
export default class extends BaseSchema {
  protected tableName = 'tenant_configs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('version').unsigned().notNullable()
      table.text('document', 'mediumtext').notNullable()
      table.string('changed_by', 254).notNullable()
      table.text('changes').notNullable()
      table.string('note', 255).nullable()
      table.timestamp('created_at').notNullable()
      table.unique(['tenant_id', 'version'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
