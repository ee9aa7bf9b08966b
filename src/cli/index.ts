#!/usr/bin/env node
/** Entry of the command-line bundle (dist/cli/index.js). */
import { main } from './cli.js'

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
})
