import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import cliProgress from 'cli-progress'

/**
 * Imports a wholesale rate deck from a CSV file (prefix,rate[,description,effective_from,service])
 * and makes it the active deck of its currency. The whole file is checked first: bad rows are
 * printed with their line numbers, nothing is imported, and the command exits with code 1.
 */
export default class RatesImport extends BaseCommand {
  static commandName = 'rates:import'
  static description = 'Import a wholesale rate deck from CSV and make it the active deck of its currency'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Path of the CSV file' })
  declare file: string

  @flags.string({ description: 'ISO 4217 currency of the rates, e.g. USD', required: true })
  declare currency: string

  @flags.string({ description: 'A name for the deck (default: the file name)' })
  declare name: string

  @flags.string({ description: "The carrier's billing increments, first/next seconds, e.g. 6/6 (default 1/1)" })
  declare increments: string

  async run() {
    const path = resolve(this.file)
    const size = await stat(path).then((info) => info.size).catch(() => null)
    if (size === null) {
      this.logger.error(`Cannot read ${path}`)
      this.exitCode = 1
      return
    }
    const [{ default: deckImports }, { InvalidRatesException }] = await Promise.all([
      import('#services/rating/deck_import_service'),
      import('#services/rating/errors'),
    ])
    const progress = new ImportProgressBar(size)
    try {
      const deck = await deckImports.import(
        createReadStream(path),
        { currency: this.currency, name: this.name ?? basename(path), increments: this.increments, createdBy: 'ace rates:import' },
        (phase, done, total) => progress.update(phase, done, total)
      )
      progress.stop()
      this.logger.success(`Deck #${deck.id} "${deck.name}" is now the active ${deck.currency} deck: ${deck.rowCount} rates`)
    } catch (error) {
      progress.stop()
      if (!(error instanceof InvalidRatesException)) throw error
      this.logger.error(`${error.message}. Fix these and import again:`)
      for (const field of error.fields) this.logger.error(`  ${field.field}: ${field.message}`)
      this.exitCode = 1
    }
  }
}

/** One bar per phase: bytes checked, then rows written. */
class ImportProgressBar {
  #bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
    cliProgress.Presets.shades_classic
  )
  #phase: 'parse' | 'insert' | null = null

  constructor(private bytes: number) {}

  update(phase: 'parse' | 'insert', done: number, total: number) {
    if (phase !== this.#phase) {
      if (this.#phase) this.#bar.stop()
      this.#phase = phase
      this.#bar.start(phase === 'parse' ? this.bytes : total, 0, { phase: phase === 'parse' ? 'Checking bytes' : 'Writing rows  ' })
    }
    if (phase === 'parse') this.#bar.increment(done)
    else this.#bar.update(done)
  }

  stop() {
    if (this.#phase) this.#bar.stop()
    this.#phase = null
  }
}
