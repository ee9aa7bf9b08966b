/** The GitHub Action's entry (dist/main/index.js). */
import { run } from './run.js'

await run()
