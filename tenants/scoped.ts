import type { BaseModel } from '@adonisjs/lucid/orm'
import { column } from '@adonisjs/lucid/orm'
import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import type { LucidModel, ModelAdapterOptions, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { Exception } from '@adonisjs/core/exceptions'
import { currentTenant, tenantIdForQuery } from './context.js'

/** A write that would put a row into a tenant other than the one in context. */
export class CrossTenantWriteException extends Exception {
  static status = 500
  static code = 'E_CROSS_TENANT_WRITE'
}

/**
 * Adds `AND <table>.tenant_id = ?` to a query every time Lucid turns it into SQL, after
 * wrapping all other conditions in one group, so an `orWhere` (as in the auth finder's
 * `findForAuth`) can never widen the query past the tenant. Clones (paginate's count
 * query) carry the same rule.
 */
function enforceTenant(query: any, column: string, tenantId: number) {
  const applyWhere = query.applyWhere.bind(query)
  query.applyWhere = () => {
    applyWhere()
    const knex = query.knexQuery
    const conditions = knex._statements.filter((s: any) => s.grouping === 'where')
    knex._statements = knex._statements.filter((s: any) => s.grouping !== 'where')
    if (conditions.length) {
      knex.where(function (this: any) {
        this._statements.push(...conditions)
      })
    }
    knex.where(column, tenantId)
  }
  const clone = query.clone.bind(query)
  query.clone = () => enforceTenant(clone(), column, tenantId)
  return query
}

/**
 * Makes a model tenant-owned, failing closed. Every query built from `Model.query()`
 * (find, fetch, paginate, and bulk update/delete alike) is limited to the tenant in
 * context, and instance inserts, updates and deletes carry it too. With no tenant in
 * context and no `acrossAllTenants()` bypass, each of them throws.
 */
export function TenantScoped<T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) {
  class TenantOwned extends superclass {
    @column()
    declare tenantId: number

    /** The model's query builder, limited to the current tenant. */
    static query<Model extends LucidModel, Result = InstanceType<Model>>(
      this: Model,
      options?: ModelAdapterOptions
    ): ModelQueryBuilderContract<Model, Result> {
      const tenantId = tenantIdForQuery(this.name)
      const query = (superclass as unknown as LucidModel).query.call(this, options)
      if (tenantId !== undefined) enforceTenant(query, `${this.table}.tenant_id`, tenantId)
      return query as unknown as ModelQueryBuilderContract<Model, Result>
    }

    /** New rows take the tenant in context unless they already name one. */
    async save() {
      this.#claimTenant()
      return super.save()
    }

    async saveQuietly() {
      this.#claimTenant()
      return super.saveQuietly()
    }

    #claimTenant() {
      if (!this.$isPersisted && (this.tenantId === undefined || this.tenantId === null)) {
        const tenant = currentTenant()
        if (tenant) this.tenantId = tenant.id
      }
    }

    /** Insert, update and delete of one row, checked against the tenant in context. */
    $getQueryFor(action: 'insert' | 'update' | 'delete' | 'refresh', client: QueryClientContract): any {
      const name = this.constructor.name
      const tenantId = tenantIdForQuery(name)
      if (action === 'insert') {
        const mismatch = tenantId !== undefined && this.tenantId !== tenantId
        if (mismatch || !this.tenantId) {
          throw new CrossTenantWriteException(`Refusing to insert ${name} for tenant ${this.tenantId}`)
        }
        return super.$getQueryFor(action, client)
      }
      const query = super.$getQueryFor(action, client)
      return tenantId === undefined ? query : query.where('tenant_id', tenantId)
    }
  }
  return TenantOwned
}
