import { test } from '@japa/runner'
import { fillTemplate, recipientsFromCsv, recipientsFromList, RecipientListError, templateVariables } from '#services/messaging/bulk_template'

test.group('Bulk templates and recipient lists', () => {
  test('a template names its variables once each, whatever their case or spacing', ({ assert }) => {
    assert.deepEqual(templateVariables('Hi {{name}}, your code is {{ Code }}; bye {{NAME}}'), ['name', 'code'])
    assert.deepEqual(templateVariables('No variables, {not one} {{ }}'), [])
  })

  test('filling uses each recipient\'s values and reports the ones it lacks', ({ assert }) => {
    assert.deepEqual(fillTemplate('Hi {{name}}, your code is {{code}}', { name: 'Ann', code: '1234' }), { body: 'Hi Ann, your code is 1234', missing: [] })
    assert.deepEqual(fillTemplate('Hi {{Name}}, your code is {{code}}', { name: 'Ann', code: '  ' }).missing, ['code'])
    assert.deepEqual(fillTemplate('{{a}}{{b}}', {}).missing, ['a', 'b'])
  })

  test('a JSON list keeps every key but the destination as a variable, as text', ({ assert }) => {
    const [first] = recipientsFromList([{ to: '+14155550100', Name: 'Ann', code: 1234, nested: { no: 1 } }])
    assert.equal(first.to, '+14155550100')
    assert.equal(first.source, 'recipients.0')
    assert.deepEqual(first.vars, { to: '+14155550100', name: 'Ann', code: '1234' })
  })

  test('a CSV is read by its header; quoted commas stay in their field and lines are named', ({ assert }) => {
    const csv = '\ufeffPhone,Name,Code\r\n+14155550100,"Doe, Jane",12\r\n\r\n+14155550101,Bob,34\r\n'
    const { recipients, columns } = recipientsFromCsv(csv)
    assert.deepEqual(columns, ['phone', 'name', 'code'])
    assert.deepEqual(recipients.map((row) => [row.to, row.vars.name, row.source]), [
      ['+14155550100', 'Doe, Jane', 'file.2'],
      ['+14155550101', 'Bob', 'file.4'],
    ])
  })

  test('a CSV with no destination column, or broken quoting, is refused naming the file', ({ assert }) => {
    assert.throws(() => recipientsFromCsv('name,code\nAnn,1\n'), /"to" \(or "phone"\) column/)
    const error = (() => {
      try {
        recipientsFromCsv('to,name\n+14155550100,"Ann\n')
      } catch (caught) {
        return caught
      }
    })()
    assert.instanceOf(error, RecipientListError)
    assert.equal((error as RecipientListError).field, 'file')
  })
})
