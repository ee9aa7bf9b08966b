/** The GitHub Action's entry (dist/main/index.js). */
import { run } from './action/run.js'

await run()
