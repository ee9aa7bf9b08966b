/**
 * Validates SARIF against the SARIF 2.1.0 JSON schema that Microsoft's SARIF SDK ships in the
 * @microsoft/sarif-multitool-linux package (`sarif-2.1.0.json`, written for JSON Schema
 * 2020-12), with Ajv2020 and the formats it uses (uri, uri-reference, date-time, uuid) checked
 * by ajv-formats. Nothing of the schema is written here.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

const require = createRequire(import.meta.url)
export const SARIF_SCHEMA_FILE = require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json')

// ajv-formats is CommonJS: its default export, seen from ESM, may be the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020

let compiled: ReturnType<Ajv2020['compile']> | undefined

/** The schema's errors for `sarif`, as `/path message` lines; none when it is valid. */
export function sarifSchemaErrors(sarif: unknown): string[] {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as Record<string, unknown>
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats(ajv)
    compiled = ajv.compile(schema)
  }
  if (compiled(sarif)) return []
  return (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
}
