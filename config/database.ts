import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'

const migrations = { naturalSort: true, paths: ['database/migrations'] }
/** Models declare their columns themselves; no generated schema classes. */
const schemaGeneration = { enabled: false }

/** MySQL in production and tests; an embedded SQLite file when none is configured. */
const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION') ?? 'sqlite',
  prettyPrintDebugQueries: true,
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: { filename: env.get('SQLITE_FILE') ?? app.makePath('tmp/brandline.sqlite3') },
      useNullAsDefault: true,
      migrations,
      schemaGeneration,
    },
    mysql: {
      client: 'mysql2',
      connection: {
        host: env.get('DB_HOST') ?? '127.0.0.1',
        port: env.get('DB_PORT') ?? 3306,
        user: env.get('DB_USER') ?? 'root',
        password: env.get('DB_PASSWORD') ?? '',
        database: env.get('DB_DATABASE') ?? 'brandline',
        supportBigNumbers: true,
        charset: 'utf8mb4',
        timezone: 'Z',
      },
      pool: { min: 2, max: 20 },
      migrations,
      schemaGeneration,
    },
  },
})

export default dbConfig
