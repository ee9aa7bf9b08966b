import { auditRoot } from '../src/audit-scan.js'
import { selectPackages } from '../src/audit.js'
const audit = await auditRoot(process.argv[2]!)
console.log(audit.elfFiles, audit.seconds, selectPackages(audit, 'packages', ['sudo', 'busybox', 'coreutils', 'systemd', 'perl-base', 'bash']).map(p => `${p.package}=${p.class}`).join(' '))
