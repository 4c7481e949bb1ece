import { defineConfig } from '@adonisjs/core/bodyparser'

/** Small limits (JSON up to 2 MB for bulk sends of 10,000 recipients); an oversized body gets 413. */
const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    limit: '256kb',
    types: ['application/x-www-form-urlencoded'],
  },
  json: {
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    limit: '2mb',
    types: ['application/json', 'application/json-patch+json', 'application/vnd.api+json'],
  },
  multipart: {
    autoProcess: true,
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    /** Uploads the route reads itself, after auth and with its own limits (MMS media). */
    processManually: ['/api/v1/mms/media'],
    limit: '5mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
