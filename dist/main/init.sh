# y2038-action guest init. The kernel runs it as PID 1 with /bin/sh, from the read-only
# share mounted at /run/y2038. It steps the clock, runs the probe under run-probe.bash and
# frames everything on the results port as records:
#   <RS>Y2038|<token>|<seq>|<kind>|<length of payload in bytes>|<payload>
# After the clock step nothing here writes a file: a file made after the rollover cannot
# be stat()ed by the 32-bit programs under test, and the harness must not become one of
# its own findings. Output travels through pipes and the port only.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
cd /
. /run/y2038/config

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

find_port() {
  [ -e /dev/virtio-ports/y2038 ] && { echo /dev/virtio-ports/y2038; return; }
  for f in /sys/class/virtio-ports/*/name; do
    [ -r "$f" ] && [ "$(cat "$f")" = y2038 ] && { d=${f%/name}; echo "/dev/${d##*/}"; return; }
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

if [ "$Y2038_CLOCK" = step ]; then
  if out=$(date -u -s "@$Y2038_EPOCH" 2>&1); then
    emit step "ok"
  else
    emit step "failed: $out"
  fi
fi
emit clock "$(date -u +%s)"
say "probe starting at $(date -u +%Y-%m-%dT%H:%M:%SZ)"

Y2038_MARK="$(printf '\036')Y2038M$Y2038_TOKEN:"
export Y2038_MARK Y2038_DATE Y2038_EPOCH Y2038_CLOCK Y2038_ARCH Y2038_SUITE
export HOME=/root LANG=C.UTF-8 TERM=dumb

frame() {
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
    *"$Y2038_MARK"*)
      before=${line%%"$Y2038_MARK"*}
      rest=${line#*"$Y2038_MARK"}
      [ -z "$before" ] || emit out "$before"
      emit "${rest%% *}" "${rest#* }"
      ;;
    *) emit out "$line" ;;
    esac
  done
  emit end "$Y2038_SEQ"
}

{
  bash /run/y2038/run-probe.bash </dev/null
  printf '%sexit %s\n' "$Y2038_MARK" "$?"
} 2>&1 | frame

say "probe finished"
power_off
