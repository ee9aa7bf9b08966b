/**
 * glibc's time entry points on 32-bit targets, as data. Since glibc 2.34 a program built
 * with `_TIME_BITS=64` imports the 64-bit names on the left; one built without imports the
 * names on the right, which take or return a 32-bit time_t (or a struct holding one).
 *
 * Source: the symbols Debian bookworm's i386 libc.so.6 (glibc 2.36) exports at version
 * GLIBC_2.34, with those added later (GLIBC_2.35: __epoll_pwait2_time64; GLIBC_2.37:
 * __ppoll64_chk) (`readelf --dyn-syms`), the same set glibc lists in
 * sysdeps/unix/sysv/linux/i386/libc.abilist and .../arm/libc.abilist; each paired with the
 * functions it replaces from glibc's time64 redirections (include/*.h, `__REDIRECT`).
 * Models for the idea: Yocto's `32bit-time` check (insane.bbclass) and lintian's
 * binaries/time32 check.
 *
 * `low`: whether time is involved depends on the arguments (an ioctl request, a socket
 * option, a control message): such a symbol alone does not make a file time32.
 */
export interface TimeSymbol {
  time64: string
  time32: string[]
  low?: true
  /** Why importing the 32-bit name next to 64-bit ones is not what it seems, when that is so. */
  note?: string
}

/**
 * The version of the audit's rules (what the ELF reader reads, how classifyImports decides):
 * stored audits are read at build, so a change of the rules must make new userland keys.
 * 2: only glibc-versioned functions count; low-confidence names alone make time32.
 * 3: a root's audit keeps what each installed package depends on (a named package without
 *    ELF files is followed to those that hold them).
 * 4: a time32 or mixed file's reason names the offset functions it imports without their
 *    large-file (`64`) names.
 */
export const AUDIT_RULES_VERSION = 4

export const TIME_SYMBOLS_SOURCE =
  'glibc 2.34+ time64 symbols (GLIBC_2.34, 2.35, 2.37), read from Debian bookworm i386 libc.so.6 and glibc 2.37'

export const TIME_SYMBOLS: TimeSymbol[] = [
  { time64: '___adjtimex64', time32: ['adjtimex', '__adjtimex', 'ntp_adjtime'] },
  { time64: '__adjtime64', time32: ['adjtime'] },
  { time64: '__aio_suspend_time64', time32: ['aio_suspend', 'aio_suspend64'] },
  { time64: '__clock_adjtime64', time32: ['clock_adjtime'] },
  { time64: '__clock_getres64', time32: ['clock_getres'] },
  { time64: '__clock_gettime64', time32: ['clock_gettime', '__clock_gettime'] },
  { time64: '__clock_nanosleep_time64', time32: ['clock_nanosleep'] },
  { time64: '__clock_settime64', time32: ['clock_settime'] },
  { time64: '__cnd_timedwait64', time32: ['cnd_timedwait'] },
  { time64: '__ctime64', time32: ['ctime'] },
  { time64: '__ctime64_r', time32: ['ctime_r'] },
  { time64: '__difftime64', time32: ['difftime'] },
  { time64: '__epoll_pwait2_time64', time32: ['epoll_pwait2'] },
  { time64: '__fcntl_time64', time32: ['fcntl', 'fcntl64', '__fcntl'], low: true },
  { time64: '__fstat64_time64', time32: ['fstat', 'fstat64', '__fxstat', '__fxstat64'] },
  { time64: '__fstatat64_time64', time32: ['fstatat', 'fstatat64', '__fxstatat', '__fxstatat64'] },
  { time64: '__fts64_children_time64', time32: ['fts_children', 'fts64_children'] },
  { time64: '__fts64_close_time64', time32: ['fts_close', 'fts64_close'] },
  { time64: '__fts64_open_time64', time32: ['fts_open', 'fts64_open'] },
  { time64: '__fts64_read_time64', time32: ['fts_read', 'fts64_read'] },
  { time64: '__fts64_set_time64', time32: ['fts_set', 'fts64_set'] },
  { time64: '__ftw64_time64', time32: ['ftw', 'ftw64'] },
  { time64: '__futimens64', time32: ['futimens'] },
  { time64: '__futimes64', time32: ['futimes'] },
  { time64: '__futimesat64', time32: ['futimesat'] },
  { time64: '__gai_suspend_time64', time32: ['gai_suspend'] },
  { time64: '__getitimer64', time32: ['getitimer'] },
  { time64: '__getrusage64', time32: ['getrusage'] },
  { time64: '__getsockopt64', time32: ['getsockopt'], low: true },
  { time64: '__gettimeofday64', time32: ['gettimeofday', '__gettimeofday'] },
  { time64: '__glob64_time64', time32: ['glob', 'glob64'], low: true },
  { time64: '__globfree64_time64', time32: ['globfree', 'globfree64'], low: true },
  { time64: '__gmtime64', time32: ['gmtime'] },
  { time64: '__gmtime64_r', time32: ['gmtime_r'] },
  { time64: '__ioctl_time64', time32: ['ioctl'], low: true },
  { time64: '__localtime64', time32: ['localtime'] },
  { time64: '__localtime64_r', time32: ['localtime_r'] },
  { time64: '__lstat64_time64', time32: ['lstat', 'lstat64', '__lxstat', '__lxstat64'] },
  { time64: '__lutimes64', time32: ['lutimes'] },
  { time64: '__mktime64', time32: ['mktime', 'timelocal'] },
  { time64: '__mq_timedreceive_time64', time32: ['mq_timedreceive'] },
  { time64: '__mq_timedsend_time64', time32: ['mq_timedsend'] },
  { time64: '__msgctl64', time32: ['msgctl'], low: true },
  { time64: '__mtx_timedlock64', time32: ['mtx_timedlock'] },
  { time64: '__nanosleep64', time32: ['nanosleep', '__nanosleep'] },
  { time64: '__nftw64_time64', time32: ['nftw', 'nftw64'] },
  { time64: '__ntp_gettime64', time32: ['ntp_gettime'] },
  { time64: '__ntp_gettimex64', time32: ['ntp_gettimex'] },
  { time64: '__ppoll64', time32: ['ppoll'] },
  {
    time64: '__ppoll64_chk',
    time32: ['__ppoll_chk'],
    note: 'a fortified _TIME_BITS=64 build against glibc before 2.37 (bookworm has 2.36) still calls __ppoll_chk (glibc bug 29746)',
  },
  { time64: '__prctl_time64', time32: ['prctl'], low: true },
  { time64: '__pselect64', time32: ['pselect'] },
  { time64: '__pthread_clockjoin_np64', time32: ['pthread_clockjoin_np'] },
  { time64: '__pthread_cond_clockwait64', time32: ['pthread_cond_clockwait'] },
  { time64: '__pthread_cond_timedwait64', time32: ['pthread_cond_timedwait'] },
  { time64: '__pthread_mutex_clocklock64', time32: ['pthread_mutex_clocklock'] },
  { time64: '__pthread_mutex_timedlock64', time32: ['pthread_mutex_timedlock'] },
  { time64: '__pthread_rwlock_clockrdlock64', time32: ['pthread_rwlock_clockrdlock'] },
  { time64: '__pthread_rwlock_clockwrlock64', time32: ['pthread_rwlock_clockwrlock'] },
  { time64: '__pthread_rwlock_timedrdlock64', time32: ['pthread_rwlock_timedrdlock'] },
  { time64: '__pthread_rwlock_timedwrlock64', time32: ['pthread_rwlock_timedwrlock'] },
  { time64: '__pthread_timedjoin_np64', time32: ['pthread_timedjoin_np'] },
  { time64: '__recvmmsg64', time32: ['recvmmsg'] },
  { time64: '__recvmsg64', time32: ['recvmsg'], low: true },
  { time64: '__sched_rr_get_interval64', time32: ['sched_rr_get_interval'] },
  { time64: '__select64', time32: ['select', '__select'] },
  { time64: '__sem_clockwait64', time32: ['sem_clockwait'] },
  { time64: '__sem_timedwait64', time32: ['sem_timedwait'] },
  { time64: '__semctl64', time32: ['semctl'], low: true },
  { time64: '__semtimedop64', time32: ['semtimedop'] },
  { time64: '__sendmmsg64', time32: ['sendmmsg'], low: true },
  { time64: '__sendmsg64', time32: ['sendmsg'], low: true },
  { time64: '__setitimer64', time32: ['setitimer'] },
  { time64: '__setsockopt64', time32: ['setsockopt'], low: true },
  { time64: '__settimeofday64', time32: ['settimeofday'] },
  { time64: '__shmctl64', time32: ['shmctl'], low: true },
  { time64: '__sigtimedwait64', time32: ['sigtimedwait'] },
  { time64: '__stat64_time64', time32: ['stat', 'stat64', '__xstat', '__xstat64'] },
  { time64: '__thrd_sleep64', time32: ['thrd_sleep'] },
  { time64: '__time64', time32: ['time'] },
  { time64: '__timegm64', time32: ['timegm'] },
  { time64: '__timer_gettime64', time32: ['timer_gettime'] },
  { time64: '__timer_settime64', time32: ['timer_settime'] },
  { time64: '__timerfd_gettime64', time32: ['timerfd_gettime'] },
  { time64: '__timerfd_settime64', time32: ['timerfd_settime'] },
  { time64: '__timespec_get64', time32: ['timespec_get'] },
  { time64: '__timespec_getres64', time32: ['timespec_getres'] },
  { time64: '__utime64', time32: ['utime'] },
  { time64: '__utimensat64', time32: ['utimensat'] },
  { time64: '__utimes64', time32: ['utimes'] },
  { time64: '__wait3_time64', time32: ['wait3'] },
  { time64: '__wait4_time64', time32: ['wait4'] },
]

/**
 * glibc's functions of a file offset or size, each with the name `_FILE_OFFSET_BITS=64`
 * redirects it to on 32-bit targets (large-file support). Importing the plain name shows a
 * build without `_FILE_OFFSET_BITS=64`, and glibc refuses `_TIME_BITS=64` without it
 * (features-time64.h): evidence that supports a 32-bit time class, never a class on its own,
 * since a program may use a 64-bit time_t through other means. Source: the same i386
 * libc.so.6, every plain name here and its `64` name exported (a unit test checks the host's).
 */
export const LFS_SYMBOLS: Readonly<Record<string, string>> = {
  aio_cancel: 'aio_cancel64',
  aio_error: 'aio_error64',
  aio_fsync: 'aio_fsync64',
  aio_read: 'aio_read64',
  aio_return: 'aio_return64',
  aio_write: 'aio_write64',
  alphasort: 'alphasort64',
  creat: 'creat64',
  fallocate: 'fallocate64',
  fgetpos: 'fgetpos64',
  fopen: 'fopen64',
  freopen: 'freopen64',
  fseeko: 'fseeko64',
  fsetpos: 'fsetpos64',
  fstatfs: 'fstatfs64',
  fstatvfs: 'fstatvfs64',
  ftello: 'ftello64',
  ftruncate: 'ftruncate64',
  getdirentries: 'getdirentries64',
  getrlimit: 'getrlimit64',
  lio_listio: 'lio_listio64',
  lockf: 'lockf64',
  lseek: 'lseek64',
  mkostemp: 'mkostemp64',
  mkostemps: 'mkostemps64',
  mkstemp: 'mkstemp64',
  mkstemps: 'mkstemps64',
  mmap: 'mmap64',
  open: 'open64',
  openat: 'openat64',
  posix_fadvise: 'posix_fadvise64',
  posix_fallocate: 'posix_fallocate64',
  pread: 'pread64',
  preadv: 'preadv64',
  preadv2: 'preadv64v2',
  prlimit: 'prlimit64',
  pwrite: 'pwrite64',
  pwritev: 'pwritev64',
  pwritev2: 'pwritev64v2',
  readdir: 'readdir64',
  readdir_r: 'readdir64_r',
  scandir: 'scandir64',
  scandirat: 'scandirat64',
  sendfile: 'sendfile64',
  setrlimit: 'setrlimit64',
  statfs: 'statfs64',
  statvfs: 'statvfs64',
  tmpfile: 'tmpfile64',
  truncate: 'truncate64',
  versionsort: 'versionsort64',
}
