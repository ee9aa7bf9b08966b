/** The report action's entry (dist/report/index.js, report/action.yml). */
import { runReport } from './report-run.js'

await runReport()
