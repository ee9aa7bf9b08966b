import { statSync } from 'node:fs'
import { auditRoot } from '../src/audit-scan.js'
const root = process.argv[2]!
const audit = await auditRoot(root)
const rows = audit.files.filter(f=>f.class==='time32'||f.class==='time64').map(f=>({...f,size:statSync(root+f.path).size})).sort((a,b)=>a.size-b.size)
for (const c of ['time32','time64']) console.log(c, rows.filter(r=>r.class===c).slice(0,4).map(r=>`${r.path} ${r.size} ${r.package} ${r.time32.concat(r.time64)}`))
