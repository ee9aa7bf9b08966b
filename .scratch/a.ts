import { auditRoot } from '../src/audit-scan.js'
import { selectPackages } from '../src/audit.js'
const root = process.argv[2]!
const audit = await auditRoot(root)
console.log('elf files', audit.elfFiles, 'seconds', audit.seconds)
const counts: Record<string, number> = {}
for (const f of audit.files) counts[f.class] = (counts[f.class] ?? 0) + 1
console.log(counts)
for (const p of selectPackages(audit, 'packages', ['sudo', 'busybox', 'coreutils', 'systemd', 'bash', 'perl-base', 'libc6'])) console.log(p.package, p.class, p.files.length, p.files.filter(f=>f.class!=='none').slice(0,3).map(f=>`${f.path}:${f.class}:${f.time32.slice(0,4)}|${f.time64.slice(0,3)}|${f.reason??''}`).join(' '))
for (const f of audit.files.filter(f=>f.class==='unknown').slice(0,10)) console.log(f.path, f.reason)
console.log(audit.files.filter(f=>!f.package).length, 'without package', audit.files.filter(f=>!f.package).slice(0,5).map(f=>f.path))
