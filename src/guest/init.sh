# y2038-action guest init. The kernel runs it as PID 1 with the userland's /bin/sh, from
# /run/y2038: the harness disk (erofs, read-only, made by the host for this run with the
# probe and the run's config; its files carry the host's times, before any rollover). The
# root is a writable overlay (tmpfs) on the read-only root image.
#
# It gets the guest ready, says `ready` on the job port and waits there for one job: the
# token, the date and a seed, sent by the host at once after a boot, or after each restore
# of the state it saved at `ready` (one boot, many dates). Then it reports the guest, steps
# the clock and runs the session (session.sh), all on the results port as records:
#   <RS>Y2038|<token>|<seq>|<kind>|<length of payload in bytes>|<payload>\n
# After the clock step nothing here writes a file: a file made after the rollover cannot
# be stat()ed by the 32-bit programs under test, and the harness must not become one of
# its own findings. Output travels through pipes and the port only.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
cd /
Y2038_SHARE=/run/y2038
Y2038_PRIVATE=/run/y2038-private
. "$Y2038_SHARE/config"
. "$Y2038_SHARE/session.sh"

say() { printf 'y2038: %s\n' "$*" >/dev/console; }

Y2038_SEQ=0
emit() {
  Y2038_SEQ=$((Y2038_SEQ + 1))
  printf '\036Y2038|%s|%d|%s|%d|%s\n' "$Y2038_TOKEN" "$Y2038_SEQ" "$1" "${#2}" "$2" >&3
}

power_off() {
  echo o >/proc/sysrq-trigger
  while :; do sleep 60; done
}

# The virtio serial port named $1. Opening is the test, and ls lists: dash's [ -e ] and its
# globbing stat(), which fails (EOVERFLOW) for a node made after the rollover when dash has
# a 32-bit time_t (a guest booted past the rollover: clock boot).
find_port() {
  if (: >"/dev/virtio-ports/$1") 2>/dev/null; then
    echo "/dev/virtio-ports/$1"
    return
  fi
  for d in $(ls /sys/class/virtio-ports 2>/dev/null); do
    if [ "$(cat "/sys/class/virtio-ports/$d/name" 2>/dev/null)" = "$1" ]; then
      echo "/dev/$d"
      return
    fi
  done
  return 1
}

mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
[ -d /dev/pts ] || mkdir -p /dev/pts
mountpoint -q /dev/pts || mount -t devpts -o gid=5,mode=620 devpts /dev/pts
[ -d /dev/shm ] || mkdir -p /dev/shm
mountpoint -q /dev/shm || mount -t tmpfs -o mode=1777 shm /dev/shm
echo localhost >/proc/sys/kernel/hostname

port=$(find_port y2038) || { modprobe virtio_console 2>/dev/null; sleep 1; port=$(find_port y2038); }
jobport=$(find_port y2038-job)
if [ -z "$port" ] || [ -z "$jobport" ]; then
  say "results or job port not found"
  power_off
fi
exec 3>"$port"
stty -F "$port" raw -echo 2>/dev/null

mkdir -m 700 "$Y2038_PRIVATE" && y2038_session_prepare || {
  say "cannot make the harness's pipes in $Y2038_PRIVATE"
  power_off
}

# The job: "job <token> <epoch> <date> <seed>". read takes it byte by byte, up to the newline.
exec 6<>"$jobport"
stty -F "$jobport" raw -echo 2>/dev/null
printf 'ready\n' >&6
IFS=' ' read -r job Y2038_TOKEN Y2038_EPOCH Y2038_DATE seed <&6
exec 6<&-
bad_job() {
  say "bad job from the host: $*"
  power_off
}
[ "$job" = job ] || bad_job "$job"
case $Y2038_TOKEN in '' | *[!0-9a-f]*) bad_job "token $Y2038_TOKEN" ;; esac
case $Y2038_EPOCH in '' | *[!0-9]*) bad_job "epoch $Y2038_EPOCH" ;; esac
case $seed in '' | *[!0-9a-f]*) bad_job "seed" ;; esac
# A guest restored from a saved state has the same random state each time: mix in the host's.
printf '%s\n' "$seed" >/dev/urandom
Y2038_SEED=$seed

emit hello "harness=$Y2038_HARNESS_VERSION machine=$(uname -m) kernel=$(uname -r)"

# The width of time_t the userland is built with: 64 on 64-bit ELF; on 32-bit, 64 when
# programs outside gnulib (dpkg, built with the archive's default flags) use the *64 time calls.
timet=32
elfclass=$(od -An -tu1 -j4 -N1 /usr/bin/dpkg 2>/dev/null | tr -d ' ')
if [ "$elfclass" = 2 ]; then
  timet=64
elif grep -qa -e __clock_gettime64 -e __time64 -e __stat64_time64 /usr/bin/dpkg 2>/dev/null; then
  timet=64
fi
emit userland "time_t=$timet"

if [ "$Y2038_CLOCK" = step ]; then
  if out=$(date -u -s "@$Y2038_EPOCH" 2>&1); then
    emit step "ok"
  else
    emit step "failed: $out"
  fi
fi
emit clock "$(date -u +%s)"
say "probe starting at $(date -u +%Y-%m-%dT%H:%M:%SZ)"

export Y2038_DATE Y2038_EPOCH Y2038_CLOCK Y2038_ARCH Y2038_SUITE
export HOME=/root LANG=C.UTF-8 TERM=dumb
y2038_session_run

say "probe finished"
power_off
