/**
 * Yocto's `32bit-time` QA check, modelled to compare with this tool's audit (issue 22 item 6).
 * Not part of the product. Pure.
 *
 * The rule as openembedded-core's meta/classes-global/insane.bbclass (`check_32bit_symbols`)
 * states it: on a 32-bit target with glibc, a file is flagged when it has an undefined
 * function symbol, bound to a `GLIBC_*` version, whose name is in a fixed list of the functions
 * glibc's headers redirect under `__USE_TIME_BITS64`. Each use counts in full: there are no
 * lower-confidence names and no "mixed" class. Yocto reads the static symbol table
 * (`objdump -t`) of the files before they are stripped; Debian ships them stripped, so this
 * model reads the same undefined symbols from the dynamic table, as the audit does.
 *
 * The list below is the names that check holds, grouped by the header it took them from.
 */
import type { FileAudit } from '../src/audit/classify.js'
import { TIME_SYMBOLS } from '../src/audit/time-symbols.js'

const TIME32_NAMES = new Set(TIME_SYMBOLS.flatMap((s) => s.time32))

export const YOCTO_32BIT_TIME_NAMES: ReadonlySet<string> = new Set([
  // time.h, bits/time.h
  'clock_adjtime',
  'clock_getres',
  'clock_gettime',
  'clock_nanosleep',
  'clock_settime',
  'ctime',
  'ctime_r',
  'difftime',
  'gmtime',
  'gmtime_r',
  'localtime',
  'localtime_r',
  'mktime',
  'nanosleep',
  'time',
  'timegm',
  'timelocal',
  'timer_gettime',
  'timer_settime',
  'timespec_get',
  'timespec_getres',
  // signal.h, sys/time.h, sys/timex.h, sys/wait.h
  'sigtimedwait',
  'adjtime',
  'futimes',
  'futimesat',
  'getitimer',
  'gettimeofday',
  'lutimes',
  'setitimer',
  'settimeofday',
  'utimes',
  'adjtimex',
  'ntp_adjtime',
  'ntp_gettime',
  'ntp_gettimex',
  'wait3',
  'wait4',
  // sys/stat.h
  'fstat',
  'fstat64',
  'fstatat',
  'fstatat64',
  'futimens',
  'lstat',
  'lstat64',
  'stat',
  'stat64',
  'utimensat',
  // poll.h, sys/resource.h, sys/ioctl.h, sys/select.h, sys/prctl.h, sys/epoll.h, sys/timerfd.h
  'ppoll',
  'getrusage',
  'ioctl',
  'select',
  'pselect',
  'prctl',
  'epoll_pwait2',
  'timerfd_gettime',
  'timerfd_settime',
  // sys/socket.h, sys/msg.h, sys/sem.h, sys/shm.h
  'getsockopt',
  'recvmmsg',
  'recvmsg',
  'sendmmsg',
  'sendmsg',
  'setsockopt',
  'msgctl',
  'semctl',
  'semtimedop',
  'shmctl',
  // pthread.h, semaphore.h, threads.h
  'pthread_clockjoin_np',
  'pthread_cond_clockwait',
  'pthread_cond_timedwait',
  'pthread_mutex_clocklock',
  'pthread_mutex_timedlock',
  'pthread_rwlock_clockrdlock',
  'pthread_rwlock_clockwrlock',
  'pthread_rwlock_timedrdlock',
  'pthread_rwlock_timedwrlock',
  'pthread_timedjoin_np',
  'sem_clockwait',
  'sem_timedwait',
  'cnd_timedwait',
  'mtx_timedlock',
  'thrd_sleep',
  // aio.h, mqueue.h, glob.h, sched.h, fcntl.h, utime.h, ftw.h, fts.h, netdb.h
  'aio_cancel',
  'aio_error',
  'aio_read',
  'aio_return',
  'aio_suspend',
  'aio_write',
  'lio_listio',
  'mq_timedreceive',
  'mq_timedsend',
  'glob',
  'glob64',
  'globfree',
  'globfree64',
  'sched_rr_get_interval',
  'fcntl',
  'fcntl64',
  'utime',
  'ftw',
  'ftw64',
  'nftw',
  'nftw64',
  'fts64_children',
  'fts64_close',
  'fts64_open',
  'fts64_read',
  'fts64_set',
  'fts_children',
  'fts_close',
  'fts_open',
  'fts_read',
  'fts_set',
  'gai_suspend',
])

/** The names Yocto's check would flag a file for, from its glibc-bound function imports. */
export function yoctoFlags(glibcFunctions: readonly string[]): string[] {
  return [...new Set(glibcFunctions.filter((name) => YOCTO_32BIT_TIME_NAMES.has(name)))].sort()
}

/** One file as each side sees it. */
export interface Compared {
  path: string
  ours: FileAudit
  /** The names Yocto's check flags it for (none: not flagged). */
  yocto: string[]
}

/** A row of the comparison: which files, and why the two differ (or that they do not). */
export interface ComparisonRow {
  row: string
  files: Compared[]
  /** The names that made the difference, with how many of the row's files import each. */
  names: Map<string, number>
}

const flaggedByUs = (f: FileAudit): boolean => f.class === 'time32' || f.class === 'mixed'

/**
 * The files split by agreement, and where the two disagree, by cause. A file goes in the first
 * row whose test it meets.
 */
export function compareWithYocto(files: readonly Compared[]): ComparisonRow[] {
  const rows: Array<{ row: string; test: (c: Compared) => boolean; names: (c: Compared) => string[] }> = [
    {
      row: 'both: time32 here, flagged by Yocto',
      test: (c) => c.ours.class === 'time32' && c.ours.time32.length > 0 && c.yocto.length > 0,
      names: () => [],
    },
    {
      row: 'both: time32 here on lower-confidence names alone (ioctl, fcntl...), a full hit for Yocto',
      test: (c) => c.ours.class === 'time32' && c.yocto.length > 0,
      names: (c) => c.ours.low,
    },
    {
      row: 'both: mixed here (Yocto has no mixed)',
      test: (c) => c.ours.class === 'mixed' && c.yocto.length > 0,
      names: (c) => c.ours.time32,
    },
    {
      row: 'here unknown (statically linked, Go, unreadable), flagged by Yocto',
      test: (c) => c.ours.class === 'unknown' && c.yocto.length > 0,
      names: (c) => c.yocto,
    },
    {
      row: "only here: 32-bit names missing from Yocto's list",
      test: (c) => flaggedByUs(c.ours) && c.yocto.length === 0,
      names: (c) => [...c.ours.time32, ...c.ours.low].filter((n) => !YOCTO_32BIT_TIME_NAMES.has(n)),
    },
    {
      row: 'only Yocto: large-file names that hold no time (aio_read...), here supporting evidence only',
      test: (c) => !flaggedByUs(c.ours) && c.yocto.length > 0 && c.yocto.every((n) => !TIME32_NAMES.has(n)),
      names: (c) => c.yocto,
    },
    {
      row: 'only Yocto: a 32-bit name next to 64-bit ones, counted here only when it surely holds a time',
      test: (c) => !flaggedByUs(c.ours) && c.yocto.length > 0,
      names: (c) => c.yocto,
    },
    {
      row: 'neither: time64 or no time function here, not flagged by Yocto',
      test: (c) => !flaggedByUs(c.ours) && c.yocto.length === 0,
      names: () => [],
    },
  ]
  const out: ComparisonRow[] = rows.map((r) => ({ row: r.row, files: [], names: new Map() }))
  for (const file of files) {
    const index = rows.findIndex((r) => r.test(file))
    const row = out[index]!
    row.files.push(file)
    for (const name of rows[index]!.names(file)) row.names.set(name, (row.names.get(name) ?? 0) + 1)
  }
  return out
}
