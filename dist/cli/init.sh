# y2038-action guest init. The kernel runs it as PID 1 with /bin/sh, from the read-only
# share mounted at /run/y2038. It reports the guest, steps the clock and runs the session
# (session.sh), all on the results port as records:
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

# Opening is the test, and ls lists: dash's [ -e ] and its globbing stat(), which fails
# (EOVERFLOW) for a node made after the rollover when dash has a 32-bit time_t (a guest
# booted past the rollover: clock boot).
find_port() {
  if (: >/dev/virtio-ports/y2038) 2>/dev/null; then
    echo /dev/virtio-ports/y2038
    return
  fi
  for d in $(ls /sys/class/virtio-ports 2>/dev/null); do
    if [ "$(cat "/sys/class/virtio-ports/$d/name" 2>/dev/null)" = y2038 ]; then
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
for d in /tmp /var/tmp /root /var/log; do
  mount -t tmpfs -o mode=1777 tmpfs "$d" 2>/dev/null
done
chmod 700 /root
echo localhost >/proc/sys/kernel/hostname

port=$(find_port) || { modprobe virtio_console 2>/dev/null; sleep 1; port=$(find_port); }
if [ -z "$port" ]; then
  say "results port not found"
  power_off
fi
exec 3>"$port"
stty -F "$port" raw -echo 2>/dev/null

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

mkdir -m 700 "$Y2038_PRIVATE" && y2038_session_prepare || {
  say "cannot make the harness's pipes in $Y2038_PRIVATE"
  power_off
}

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
