import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import {
  type AuditFinding,
  type FileAudit,
  type RootAudit,
  auditElf,
  auditFindings,
  classCounts,
  classifyImports,
  ownFileLocations,
  packageClass,
  selectPackages,
} from '../../src/audit/classify.js'
import { auditDeb, auditWorkdir, parseInstalledDepends } from '../../src/audit/scan.js'
import { readElfImports } from '../../src/audit/elf.js'
import { LFS_SYMBOLS, TIME_SYMBOLS } from '../../src/audit/time-symbols.js'

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/elf/${name}`, import.meta.url))

describe('readElfImports on real files from the i386 bookworm guest', () => {
  test('pam_issue.so (libpam-modules) imports the plain time functions', () => {
    const elf = readElfImports(fixture('i386-bookworm-pam_issue.so'))
    assert.equal(elf.bits, 32)
    assert.equal(elf.type, 'dyn')
    assert.equal(elf.interpreter, false)
    assert.ok(elf.needed.includes('libc.so.6'), elf.needed.join(' '))
    for (const name of ['fstat64', 'localtime', 'time']) assert.ok(elf.imports.includes(name), name)
  })

  test('zdump (libc-bin) is a program that imports the 64-bit ones', () => {
    const elf = readElfImports(fixture('i386-bookworm-zdump'))
    assert.equal(elf.bits, 32)
    assert.equal(elf.interpreter, true)
    for (const name of ['__gmtime64_r', '__localtime64_r', '__time64']) assert.ok(elf.imports.includes(name), name)
    assert.equal(elf.imports.includes('time'), false)
  })

  test("this machine's node, a 64-bit program, reads too", () => {
    const elf = readElfImports(readFileSync(process.execPath))
    assert.equal(elf.bits, 64)
    assert.ok(elf.imports.length > 50)
  })
})

describe('auditElf', () => {
  test('the real files: time32 and time64, with the symbols that decided', () => {
    assert.deepEqual(auditElf('/usr/lib/i386-linux-gnu/security/pam_issue.so', fixture('i386-bookworm-pam_issue.so')), {
      path: '/usr/lib/i386-linux-gnu/security/pam_issue.so',
      class: 'time32',
      time32: ['fstat64', 'localtime', 'time'],
      time64: [],
      low: [],
    })
    const zdump = auditElf('/usr/bin/zdump', fixture('i386-bookworm-zdump'))
    assert.equal(zdump.class, 'time64')
    assert.deepEqual(zdump.time32, [])
  })

  test('a truncated or damaged file is unknown with a reason, never a crash', () => {
    const whole = fixture('i386-bookworm-zdump')
    for (const size of [3, 20, 60, 200, whole.length - 100]) {
      const audit = auditElf('/x', whole.subarray(0, size))
      assert.equal(audit.class, 'unknown', `${size} bytes`)
      assert.match(audit.reason!, /not an ELF file|truncated/, `${size} bytes`)
    }
    const scrambled = Buffer.from(whole)
    scrambled.writeUInt32LE(0xffffff00, 32) // e_shoff far past the end
    assert.match(auditElf('/x', scrambled).reason!, /^truncated ELF: section headers past the end$/)
    const badClass = Buffer.from(whole)
    badClass[4] = 9
    assert.equal(auditElf('/x', badClass).reason, 'unknown ELF class or byte order')
  })
})

describe('programs compiled for i386 here (gcc -m32)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-audit-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const source = path.join(dir, 't.c')
  execFileSync('tee', [source], {
    input: '#include <stdio.h>\n#include <time.h>\nint main(void) { printf("%ld\\n", (long)time(NULL)); return 0; }\n',
    stdio: ['pipe', 'ignore', 'inherit'],
  })
  const build = (name: string, flags: string[]): Buffer => {
    const out = path.join(dir, name)
    execFileSync('gcc', ['-m32', ...flags, '-o', out, source])
    return readFileSync(out)
  }

  test('without _TIME_BITS=64: time32', () => {
    const audit = auditElf('/usr/bin/t', build('t32', []))
    assert.deepEqual([audit.class, audit.time32, audit.time64], ['time32', ['time'], []])
  })

  test('with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64: time64', () => {
    const audit = auditElf('/usr/bin/t', build('t64', ['-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64']))
    assert.deepEqual([audit.class, audit.time32, audit.time64], ['time64', [], ['__time64']])
  })

  test('a program that calls ioctl alone (no time function): time32 with the lower-confidence reason; with _TIME_BITS=64 its ioctl is __ioctl_time64', () => {
    const ioctlSource = path.join(dir, 'ioctl.c')
    writeFileSync(ioctlSource, '#include <sys/ioctl.h>\nint main(void) { return ioctl(0, FIONREAD, 0) < 0; }\n')
    const compile = (name: string, flags: string[]): Buffer => {
      execFileSync('gcc', ['-m32', ...flags, '-o', path.join(dir, name), ioctlSource])
      return readFileSync(path.join(dir, name))
    }
    const plain = auditElf('/usr/bin/i', compile('i32', []))
    assert.deepEqual([plain.class, plain.low], ['time32', ['ioctl']])
    assert.match(plain.reason!, /^lower confidence: imports ioctl and no 64-bit time name/)
    const t64 = auditElf('/usr/bin/i', compile('i64', ['-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64']))
    assert.deepEqual([t64.class, t64.time64, t64.reason], ['time64', ['__ioctl_time64'], undefined])
  })

  test('offset functions without their 64 names support a time32 class in the reason, and make no class alone', () => {
    const offsetSource = path.join(dir, 'offset.c')
    writeFileSync(
      offsetSource,
      '#include <fcntl.h>\n#include <time.h>\n#include <unistd.h>\n' +
        'int main(int argc, char **argv) { int fd = open(argv[0], O_RDONLY); lseek(fd, 0, SEEK_END);' +
        ' return argc > 5 ? (int)time(0) : 0; }\n',
    )
    const noTimeSource = path.join(dir, 'offset-only.c')
    writeFileSync(
      noTimeSource,
      '#include <fcntl.h>\nint main(int argc, char **argv) { return open(argv[0], O_RDONLY) < 0; }\n',
    )
    const compile = (name: string, src: string, flags: string[]): Buffer => {
      execFileSync('gcc', ['-m32', ...flags, '-o', path.join(dir, name), src])
      return readFileSync(path.join(dir, name))
    }
    const plain = auditElf('/usr/bin/o', compile('o32', offsetSource, []))
    assert.deepEqual([plain.class, plain.time32], ['time32', ['time']])
    assert.equal(
      plain.reason,
      'built without _FILE_OFFSET_BITS=64 too (imports lseek, open, not their 64 names), which glibc requires for _TIME_BITS=64',
    )
    const largeFiles = auditElf('/usr/bin/o', compile('o-lfs', offsetSource, ['-D_FILE_OFFSET_BITS=64']))
    assert.deepEqual([largeFiles.class, largeFiles.time32, largeFiles.reason], ['time32', ['time'], undefined])
    const noTime = auditElf('/usr/bin/n', compile('n32', noTimeSource, []))
    assert.deepEqual([noTime.class, noTime.reason], ['none', undefined])
  })

  test('a program that imports only ioctl and fstat64 is time32 through fstat64, ioctl kept apart as low', () => {
    const statSource = path.join(dir, 'stat-ioctl.c')
    writeFileSync(
      statSource,
      '#include <sys/ioctl.h>\n#include <sys/stat.h>\n' +
        'int main(void) { struct stat s; return ioctl(0, FIONREAD, 0) < 0 || fstat(0, &s) < 0 ? 1 : (int)s.st_mtime; }\n',
    )
    execFileSync('gcc', ['-m32', '-D_FILE_OFFSET_BITS=64', '-o', path.join(dir, 'stat-ioctl'), statSource])
    const audit = auditElf('/usr/bin/s', readFileSync(path.join(dir, 'stat-ioctl')))
    assert.deepEqual(
      [audit.class, audit.time32, audit.low, audit.time64, audit.reason],
      ['time32', ['fstat64'], ['ioctl'], [], undefined],
    )
  })

  test('the offset evidence follows the lower-confidence reason', () => {
    const both = classifyImports(['ioctl', 'open'])
    assert.equal(
      both.reason,
      'lower confidence: imports ioctl and no 64-bit time name, which glibc would have redirected under _TIME_BITS=64: built without it (whether a call passes a time depends on its arguments); ' +
        'built without _FILE_OFFSET_BITS=64 too (imports open, not their 64 names), which glibc requires for _TIME_BITS=64',
    )
  })

  test("a library calling a `time` of another library, not glibc's: not counted", () => {
    writeFileSync(path.join(dir, 'own.c'), 'long time(long *t) { return 42; }\n')
    writeFileSync(path.join(dir, 'user.c'), 'long time(long *t);\nlong use(void) { return time(0); }\n')
    execFileSync('gcc', ['-m32', '-shared', '-fPIC', '-o', path.join(dir, 'libown.so'), path.join(dir, 'own.c')])
    execFileSync('gcc', [
      '-m32',
      '-shared',
      '-fPIC',
      '-o',
      path.join(dir, 'libuser.so'),
      path.join(dir, 'user.c'),
      `-L${dir}`,
      '-lown',
    ])
    const elf = readElfImports(readFileSync(path.join(dir, 'libuser.so')))
    assert.ok(elf.imports.includes('time'), 'it imports a time')
    assert.equal(elf.glibcFunctions.includes('time'), false, 'bound to no glibc version')
    const audit = auditElf('/usr/lib/libuser.so', readFileSync(path.join(dir, 'libuser.so')))
    assert.deepEqual([audit.class, audit.time32], ['none', []])
  })

  test('statically linked: unknown, and why', () => {
    const audit = auditElf('/usr/bin/t', build('ts', ['-static']))
    assert.deepEqual([audit.class, audit.reason], ['unknown', 'statically linked: its C library is inside it'])
  })
})

describe('classifyImports', () => {
  test('both kinds make a file mixed', () => {
    assert.deepEqual(classifyImports(['time', '__stat64_time64', 'printf']), {
      class: 'mixed',
      time32: ['time'],
      time64: ['__stat64_time64'],
      low: [],
    })
  })

  test('low-confidence names with no 64-bit name make a file time32, with the reason', () => {
    assert.deepEqual(classifyImports(['ioctl', 'setsockopt', 'malloc']), {
      class: 'time32',
      time32: [],
      time64: [],
      low: ['ioctl', 'setsockopt'],
      reason:
        'lower confidence: imports ioctl, setsockopt and no 64-bit time name, which glibc would have redirected under _TIME_BITS=64: built without it (whether a call passes a time depends on its arguments)',
    })
  })

  test('low-confidence names beside 64-bit ones leave a file time64; nothing of time is none', () => {
    assert.equal(classifyImports(['ioctl', '__clock_gettime64']).class, 'time64')
    assert.equal(classifyImports(['malloc', 'printf']).class, 'none')
  })

  test('epoll_pwait2 (GLIBC_2.35) and __ppoll_chk (GLIBC_2.37) have their time64 pairs', () => {
    assert.equal(classifyImports(['epoll_pwait2']).class, 'time32')
    assert.equal(classifyImports(['__epoll_pwait2_time64']).class, 'time64')
    assert.equal(classifyImports(['__ppoll64_chk', '__clock_gettime64']).class, 'time64')
  })

  test('mixed only through __ppoll_chk says why: a fortified time64 build before glibc 2.37', () => {
    assert.deepEqual(classifyImports(['__ppoll_chk', '__ppoll64', '__clock_gettime64']), {
      class: 'mixed',
      time32: ['__ppoll_chk'],
      time64: ['__ppoll64', '__clock_gettime64'],
      low: [],
      reason:
        'mixed only through __ppoll_chk: a fortified _TIME_BITS=64 build against glibc before 2.37 (bookworm has 2.36) still calls __ppoll_chk (glibc bug 29746)',
    })
    // With another 32-bit name besides, the file is mixed for real: no such reason.
    assert.equal(classifyImports(['__ppoll_chk', 'time', '__ppoll64']).reason, undefined)
  })

  test('every 32-bit name in the table classifies as time32 (low ones too, alone), every 64-bit one as time64', () => {
    for (const symbol of TIME_SYMBOLS) {
      assert.equal(classifyImports([symbol.time64]).class, 'time64', symbol.time64)
      for (const name of symbol.time32) {
        assert.equal(classifyImports([name]).class, 'time32', name)
      }
    }
  })
})

const file = (p: string, pkg: string, cls: FileAudit['class'], time32: string[] = []): FileAudit => ({
  path: p,
  package: pkg,
  class: cls,
  time32,
  time64: cls === 'time64' ? ['__time64'] : [],
  low: [],
})

const rootAudit: RootAudit = {
  symbols: 'test',
  elfFiles: 5,
  seconds: 0.1,
  files: [
    file('/usr/bin/sudo', 'sudo', 'time32', ['gettimeofday']),
    file('/usr/lib/sudo/sudoers.so', 'sudo', 'time32', ['time']),
    file('/usr/bin/busybox', 'busybox', 'time32', ['clock_gettime']),
    file('/usr/bin/cat', 'coreutils', 'time64'),
    file('/usr/bin/go-thing', 'gothing', 'unknown'),
  ],
}

describe('selectPackages and auditFindings', () => {
  test('packages mode keeps the named packages, worst first', () => {
    assert.deepEqual(
      selectPackages(rootAudit, 'packages', ['sudo', 'coreutils:i386', 'absent']).map((p) => [p.package, p.class]),
      [
        ['sudo', 'time32'],
        ['coreutils', 'time64'],
      ],
    )
  })

  test('all mode keeps every package; none keeps nothing', () => {
    assert.equal(selectPackages(rootAudit, 'all', []).length, 4)
    assert.deepEqual(selectPackages(rootAudit, 'none', ['sudo']), [])
  })

  test('classCounts: how many files of each class, in the order first seen', () => {
    assert.equal(
      classCounts({
        package: 'p',
        class: 'time32',
        files: [file('/a', 'p', 'time32'), file('/b', 'p', 'none'), file('/c', 'p', 'time32')],
      }),
      '2 time32, 1 none',
    )
  })

  test('a package is as bad as its worst file; unknown only when nothing is known', () => {
    assert.equal(packageClass([file('/a', 'p', 'time64'), file('/b', 'p', 'time32')]), 'time32')
    assert.equal(packageClass([file('/a', 'p', 'none'), file('/b', 'p', 'unknown')]), 'none')
    assert.equal(packageClass([file('/b', 'p', 'unknown')]), 'unknown')
  })

  test('one finding per package with time32 files, linked to the probe findings of its programs', () => {
    const findings = auditFindings(selectPackages(rootAudit, 'all', []), 'warning', [
      { date: '2038-01-20T00:00:00Z', line: 9, command: 'check sudo sudo -n true', program: 'sudo' },
      { date: '2038-01-20T00:00:00Z', line: 3, command: 'date -u', program: 'date' },
    ])
    assert.deepEqual(
      findings.map((f) => [f.package, f.severity, f.files.map((x) => x.path), f.probeFindings]),
      [
        ['busybox', 'warning', ['/usr/bin/busybox'], undefined],
        [
          'sudo',
          'warning',
          ['/usr/bin/sudo', '/usr/lib/sudo/sudoers.so'],
          [{ date: '2038-01-20T00:00:00Z', line: 9, command: 'check sudo sudo -n true' }],
        ],
      ],
    )
    assert.equal(
      findings[1]!.message,
      'sudo: 2 of 2 ELF file(s) use a 32-bit time_t: /usr/bin/sudo, /usr/lib/sudo/sudoers.so (gettimeofday, time); the probe saw it fail',
    )
  })
})

describe('auditDeb: a .deb built here from a C file compiled with -m32', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-deb-test-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  /** Packs `flags`' build of a program calling time() as the package `name`, as dpkg-deb does. */
  const buildDeb = (name: string, flags: string[]): string => {
    const tree = path.join(dir, name)
    execFileSync('mkdir', ['-p', path.join(tree, 'DEBIAN'), path.join(tree, 'usr/bin')])
    execFileSync('tee', [path.join(tree, 'clock.c')], {
      input:
        '#include <stdio.h>\n#include <time.h>\nint main(void) { printf("%ld\\n", (long)time(NULL)); return 0; }\n',
      stdio: ['pipe', 'ignore', 'inherit'],
    })
    execFileSync('gcc', ['-m32', ...flags, '-o', path.join(tree, 'usr/bin', name), path.join(tree, 'clock.c')])
    rmSync(path.join(tree, 'clock.c'))
    execFileSync('tee', [path.join(tree, 'DEBIAN/control')], {
      input: `Package: ${name}\nVersion: 1.0\nArchitecture: i386\nMaintainer: y2038 tests <tests@example.invalid>\nDescription: a clock\n`,
      stdio: ['pipe', 'ignore', 'inherit'],
    })
    const deb = path.join(dir, `${name}.deb`)
    execFileSync('dpkg-deb', ['--root-owner-group', '--build', tree, deb], { stdio: 'ignore' })
    return deb
  }

  test('without _TIME_BITS=64 its program is time32, of its package', async () => {
    const audit = await auditDeb(buildDeb('clock-old', []))
    assert.deepEqual(
      audit.files.map((f) => [f.path, f.package, f.class, f.time32]),
      [['/usr/bin/clock-old', 'clock-old', 'time32', ['time']]],
    )
  })

  test('with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 it is time64', async () => {
    const audit = await auditDeb(buildDeb('clock-new', ['-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64']))
    assert.deepEqual(
      audit.files.map((f) => [f.path, f.package, f.class, f.time64]),
      [['/usr/bin/clock-new', 'clock-new', 'time64', ['__time64']]],
    )
  })
})

/** i386 glibc as Debian ships it (libc6-i386, with gcc-multilib): the guest's libc of bookworm. */
const LIB32_LIBC = '/usr/lib32/libc.so.6'

describe("the table against this host's i386 libc", () => {
  test(
    'every time64 name it exports (GLIBC_2.34 or later, __…64…) has its pair in the table',
    { skip: !existsSync(LIB32_LIBC) && `${LIB32_LIBC} is not installed (gcc-multilib brings it)` },
    () => {
      const exported = execFileSync('readelf', ['--dyn-syms', '--wide', LIB32_LIBC], { encoding: 'utf8' })
        .split('\n')
        .map((line) => /\sFUNC\s.*\s(__\w*64\w*)@@?GLIBC_2\.(\d+)/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) >= 34)
        .map((m) => m[1]!)
      assert.ok(exported.length >= 90, `${exported.length} time64 names read from ${LIB32_LIBC}`)
      const paired = new Set(TIME_SYMBOLS.map((s) => s.time64))
      assert.deepEqual(
        exported.filter((name) => !paired.has(name)),
        [],
      )
    },
  )
})

describe("the large-file table against this host's i386 libc", () => {
  test(
    'every plain offset name and its 64 name are exported functions',
    { skip: !existsSync(LIB32_LIBC) && `${LIB32_LIBC} is not installed (gcc-multilib brings it)` },
    () => {
      const exported = new Set(
        execFileSync('readelf', ['--dyn-syms', '--wide', LIB32_LIBC], { encoding: 'utf8' })
          .split('\n')
          .map((line) => /\sFUNC\s.*\s(\w+)@@?GLIBC_/.exec(line)?.[1])
          .filter((name): name is string => name !== undefined),
      )
      const missing = Object.entries(LFS_SYMBOLS)
        .flat()
        .filter((name) => !exported.has(name))
      assert.deepEqual(missing, [])
    },
  )
})

describe("auditWorkdir: the user's directory, every file of it, under its repository paths", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-workdir-test-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('a time32 program in tmp/ (not skipped as a root filesystem would be), a text file not read', async () => {
    execFileSync('mkdir', ['-p', path.join(dir, 'tmp')])
    writeFileSync(path.join(dir, 'clock.c'), '#include <time.h>\nint main(void) { return (int)time(0); }\n')
    execFileSync('gcc', ['-m32', '-o', path.join(dir, 'tmp', 'clock'), path.join(dir, 'clock.c')])
    const audit = await auditWorkdir(dir, 'build/out')
    assert.deepEqual(
      audit.files.map((f) => [f.path, f.package, f.class, f.time32]),
      [['build/out/tmp/clock', 'workdir', 'time32', ['time']]],
    )
    assert.equal(audit.elfFiles, 1)
    const atRoot = await auditWorkdir(dir, '.')
    assert.deepEqual(
      atRoot.files.map((f) => f.path),
      ['tmp/clock'],
    )
  })
})

describe('auditFindings: a file time32 on the lower-confidence evidence alone', () => {
  test('is shown with the functions that decided it (ioctl, fcntl), not an empty list', () => {
    const lowOnly: FileAudit = { ...file('/usr/bin/systemd-cat', 'systemd', 'time32'), low: ['fcntl', 'ioctl'] }
    const [finding] = auditFindings([{ package: 'systemd', class: 'time32', files: [lowOnly] }], 'warning')
    assert.deepEqual(finding!.files, [{ path: '/usr/bin/systemd-cat', class: 'time32', symbols: ['fcntl', 'ioctl'] }])
    assert.equal(
      finding!.message,
      'systemd: 1 of 1 ELF file(s) use a 32-bit time_t: /usr/bin/systemd-cat (fcntl, ioctl)',
    )
  })
})

describe("ownFileLocations: where a finding on the user's own files is in the repository", () => {
  const files = [
    { path: 'bin/a', class: 'time32' as const, symbols: ['time'] },
    { path: 'bin/b', class: 'mixed' as const, symbols: ['stat64'] },
  ]
  const finding = (source?: AuditFinding['source']): AuditFinding => ({
    stage: 'audit',
    severity: 'warning',
    package: 'workdir',
    class: 'time32',
    files,
    message: 'm',
    ...(source ? { source } : {}),
  })

  test('each file of the workdir on its own; the .deb once, with its files; a guest package nowhere', () => {
    assert.deepEqual(
      ownFileLocations(finding({ kind: 'workdir', path: 'bin' })).map((l) => [l.file, l.files.length]),
      [
        ['bin/a', 1],
        ['bin/b', 1],
      ],
    )
    assert.deepEqual(
      ownFileLocations(finding({ kind: 'deb', path: 'dist/x.deb' })).map((l) => [l.file, l.files.length]),
      [['dist/x.deb', 2]],
    )
    assert.deepEqual(ownFileLocations(finding()), [])
  })
})

describe('a named package that holds no ELF file is followed to those that do', () => {
  // As on i386 bookworm: python3 and python3-minimal are scripts and links; the interpreter is in python3.11-minimal.
  const status = [
    'Package: python3\nStatus: install ok installed\nPre-Depends: python3-minimal (= 3.11.2-1+b1)\nDepends: python3.11 (>= 3.11.2-1~), libpython3-stdlib (= 3.11.2-1+b1)',
    'Package: python3-minimal\nStatus: install ok installed\nPre-Depends: python3.11-minimal (>= 3.11.2-1~)\nDepends: dpkg (>= 1.13.20)',
    'Package: python3.11\nStatus: install ok installed\nDepends: python3.11-minimal (= 3.11.2-6),\n libpython3.11-stdlib (= 3.11.2-6), media-types | mime-support, tzdata',
    'Package: libpython3-stdlib\nStatus: install ok installed\nDepends: libpython3.11-stdlib (>= 3.11.2-1~)',
    'Package: tzdata\nStatus: install ok installed\nDepends: debconf (>= 0.5) | debconf-2.0',
    'Package: debconf\nStatus: install ok installed\nPre-Depends: perl-base (>= 5.20.1-3~)',
    'Package: dpkg\nEssential: yes\nStatus: install ok installed\nPriority: required',
    'Package: perl-base\nEssential: yes\nStatus: install ok installed\nPriority: required',
    'Package: gone\nStatus: deinstall ok config-files\nDepends: sudo',
  ].join('\n\n')
  const file = (path: string, pkg: string): FileAudit => ({
    path,
    class: 'time32',
    time32: ['stat64'],
    time64: [],
    low: [],
    package: pkg,
  })
  const root: RootAudit = {
    symbols: '',
    elfFiles: 5,
    seconds: 0,
    files: [
      file('/usr/bin/python3.11', 'python3.11-minimal'),
      file('/usr/lib/python3.11/lib-dynload/_ssl.so', 'libpython3.11-stdlib'),
      file('/usr/bin/perl', 'perl-base'),
      file('/usr/bin/dpkg', 'dpkg'),
      file('/usr/bin/sudo', 'sudo'),
    ],
    depends: parseInstalledDepends(status),
  }

  test("dpkg's status: every alternative, no versions; packages not installed left out", () => {
    assert.deepEqual(root.depends!['python3.11'], [
      'python3.11-minimal',
      'libpython3.11-stdlib',
      'media-types',
      'mime-support',
      'tzdata',
    ])
    assert.equal(root.depends!.gone, undefined)
  })

  test('python3: its interpreter and standard library, two steps away; not dpkg (the base system), not perl (three steps)', () => {
    const selected = selectPackages(root, 'packages', ['python3'])
    assert.deepEqual(selected.map((p) => [p.package, p.followedFrom]).sort(), [
      ['libpython3.11-stdlib', 'python3'],
      ['python3.11-minimal', 'python3'],
    ])
    assert.deepEqual(root.depends!['python3-minimal'], ['python3.11-minimal'])
  })

  test('a named package with ELF files is audited itself, and nothing is followed from it', () => {
    assert.deepEqual(
      selectPackages(root, 'packages', ['sudo']).map((p) => [p.package, p.followedFrom]),
      [['sudo', undefined]],
    )
  })

  test('without the dependencies (an audit of a tree that is not a root), nothing is followed', () => {
    const bare: RootAudit = { symbols: root.symbols, elfFiles: root.elfFiles, seconds: root.seconds, files: root.files }
    assert.deepEqual(selectPackages(bare, 'packages', ['python3']), [])
  })
})
