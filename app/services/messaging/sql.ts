import db from '@adonisjs/lucid/services/db'

/** `UPDATE ... SET col = CASE id WHEN ? THEN ? ... END`: one statement for a batch with a value per row. */
export function caseById(column: string, values: Array<[number, unknown]>) {
  const sql = `CASE id ${values.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ${column} END`
  return db.raw(sql, values.flat() as any[])
}
