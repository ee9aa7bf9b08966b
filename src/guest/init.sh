# y2038-action guest init. The kernel runs it as PID 1 with the userland's /bin/sh, from
# the harness disk the initramfs mounted under /run (erofs, read-only, made by the host for this run with the
# probe and the run's config; its files carry the host's times, before any rollover). The
# root is a writable overlay (tmpfs) on the read-only root image.
#
# It gets the guest ready, mounts the user's directory (at $Y2038_CWD) when there is one, runs
# the stages before the job (install the user's .debs, run the setup script), says `ready`
# on the job port and waits there for one job: the token, the date, a seed and the token
# for the files that come back, sent by the host at once after a boot, or after each
# restore of the state it saved at `ready` (one boot, many dates). Then it reports the
# guest, steps the clock, runs the probe (session.sh) and sends back what the probe left in
# $Y2038_OUT (send-out.pl), all on the results port as records:
#   <RS>Y2038|<token>|<seq>|<kind>|<length of payload in bytes>|<payload>\n
# After the clock step nothing here writes a file: a file made after the rollover cannot
# be stat()ed by the 32-bit programs under test, and the harness must not become one of
# its own findings. Output travels through pipes and the port only.
# The userland's PATH: the probe's and the stages'.
Y2038_SYSTEM_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
PATH=$Y2038_SYSTEM_PATH
export PATH
cd /
# This script's directory is the harness disk; the config there names the ports and disks.
Y2038_SHARE=${0%/*}
Y2038_PRIVATE=/run/y2038-private
. "$Y2038_SHARE/config"
. "$Y2038_SHARE/session.sh"
# On the user's own system (Y2038_RUNTIME) the harness runs its own programs from the harness
# disk, first on its PATH and not on the probe's: the shell running this (busybox), perl, the
# probe's bash, and a date with a 64-bit time_t, named by its path (busybox's shell runs its
# own applets before any PATH, and its date has a 32-bit time_t). On a Debian root it runs the root's.
if [ -n "$Y2038_RUNTIME" ]; then
  PATH=$Y2038_RUNTIME/bin:$Y2038_SYSTEM_PATH
  Y2038_PERL="$Y2038_RUNTIME/bin/perl -I$Y2038_RUNTIME/perl"
  Y2038_BASH=$Y2038_RUNTIME/bin/bash
  clock_date=$Y2038_RUNTIME/bin/date
  # The system may lack the C.UTF-8 locale the probe is given: the harness's perl runs in C
  # without saying so (run-script.pl takes this out of the probe's environment).
  PERL_BADLANG=0
  export PERL_BADLANG
else
  Y2038_PERL=perl
  Y2038_BASH=bash
  clock_date=date
fi

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

# init: systemd. The first pass, as PID 1, writes the harness's units into the writable root
# and hands PID 1 over to the userland's systemd, which boots to the user's target and then
# starts this script again as a unit (--unit), which goes on below like the sh harness. Its
# log goes to the kernel's ring buffer, so that the console shows it with the time since
# boot, whatever happens to journald.
if [ "$Y2038_INIT" = systemd ] && [ "${1-}" != --unit ]; then
  units=/etc/systemd/system
  mkdir -p "$units/y2038.target.wants" &&
    printf '%s\n' '[Unit]' "Description=y2038-action: $Y2038_SYSTEMD_TARGET, then the harness" \
      "Requires=$Y2038_SYSTEMD_TARGET" "After=$Y2038_SYSTEMD_TARGET" 'AllowIsolate=yes' >"$units/y2038.target" &&
    printf '%s\n' '[Unit]' 'Description=y2038-action harness' "After=$Y2038_SYSTEMD_TARGET" \
      '[Service]' 'Type=simple' "ExecStart=/bin/sh $Y2038_SHARE/init.sh --unit" 'StandardInput=null' \
      'StandardOutput=tty' 'StandardError=tty' 'TTYPath=/dev/console' 'KillMode=process' \
      >"$units/y2038-harness.service" &&
    ln -sf ../y2038-harness.service "$units/y2038.target.wants/y2038-harness.service" &&
    # No login prompts: the console is the harness's, and without udev (not in the userland)
    # a serial getty waits 90 s for its device.
    ln -sf /dev/null "$units/serial-getty@.service" &&
    ln -sf /dev/null "$units/getty@.service" &&
    ln -sf /dev/null "$units/getty-static.service" || {
    say "cannot write the harness's systemd units"
    power_off
  }
  exec /lib/systemd/systemd --unit=y2038.target --log-target=kmsg --log-level=info --show-status=no
fi

# The virtio disk whose serial is $1, as /dev/vdX. ls, not a glob: see find_port.
find_disk() {
  for d in $(ls /sys/block 2>/dev/null); do
    case $d in vd*) ;; *) continue ;; esac
    if [ "$(cat "/sys/block/$d/serial" 2>/dev/null)" = "$1" ]; then
      echo "/dev/$d"
      return
    fi
  done
  return 1
}

port=$(find_port "$Y2038_RESULTS_PORT") || { modprobe virtio_console 2>/dev/null; sleep 1; port=$(find_port "$Y2038_RESULTS_PORT"); }
jobport=$(find_port "$Y2038_JOB_PORT")
if [ -z "$port" ] || [ -z "$jobport" ]; then
  say "results or job port not found"
  power_off
fi
# The results port, opened anew for each session: a virtio port takes one opener at a time,
# and the session's framer closes it when it ends.
open_port() {
  exec 3>"$port"
}

mkdir -m 700 "$Y2038_PRIVATE" && y2038_session_prepare probe && y2038_session_prepare install &&
  y2038_session_prepare setup || {
  say "cannot make the harness's pipes in $Y2038_PRIVATE"
  power_off
}

# The user's directory (workdir): a read-only erofs disk, made writable by an overlay whose
# upper layer is in RAM, at $Y2038_CWD.
if [ "$Y2038_WORKDIR" = yes ]; then
  layers=/run/y2038-workdir
  disk=$(find_disk "$Y2038_WORKDIR_SERIAL") &&
    mkdir -p "$layers" "$Y2038_CWD" &&
    mount -t tmpfs -o mode=0755 y2038-workdir "$layers" &&
    mkdir "$layers/lower" "$layers/upper" "$layers/work" &&
    mount -t erofs -o ro "$disk" "$layers/lower" &&
    mount -t overlay -o "lowerdir=$layers/lower,upperdir=$layers/upper,workdir=$layers/work" y2038-workdir "$Y2038_CWD" || {
    say "cannot mount the workdir disk at $Y2038_CWD"
    power_off
  }
fi
export Y2038_ARCH Y2038_SUITE Y2038_CLOCK
export HOME=/root LANG=C.UTF-8 TERM=dumb

# A stage before the job (the .debs, then the setup script) runs once per boot, at the boot
# date, before the guest says ready: a saved guest holds what it did. Its records carry the
# stage's token from the config. A stage that fails ends the boot here; the host reports it.
run_stage() {
  Y2038_TOKEN=$2
  Y2038_SEQ=0
  open_port
  emit stage "$1"
  emit clock "$($clock_date -u +%s)"
  say "$1 starting at $($clock_date -u +%Y-%m-%dT%H:%M:%SZ)"
  Y2038_STAGE=$1
  export Y2038_STAGE
  y2038_session_run "$1" "$Y2038_SHARE/$1.sh"
  if [ "$session_status" != 0 ]; then
    say "$1 failed (status $session_status)"
    power_off
  fi
  say "$1 finished"
}
[ -z "$Y2038_INSTALL_TOKEN" ] || run_stage install "$Y2038_INSTALL_TOKEN"
[ -z "$Y2038_SETUP_TOKEN" ] || run_stage setup "$Y2038_SETUP_TOKEN"

# init: systemd: how the boot went, while the clock is still before the rollover (systemctl
# of a 32-bit userland may not work after it): the target, the seconds to reach it, and the
# units that failed on the way. Reported with each job.
if [ "$Y2038_INIT" = systemd ]; then
  read -r booted _ </proc/uptime
  init_info="systemd target=$Y2038_SYSTEMD_TARGET seconds=$booted state=$(systemctl is-system-running 2>/dev/null)"
  failed_at_boot=$(systemctl list-units --state=failed --plain --no-legend --no-pager 2>&1 | head -c 4000)
fi

# What a date cannot change, found once before the guest is saved (each process a restored
# guest starts costs it a tenth of a second or more under emulation): the probe's disk, the
# machine and kernel, and the userland's time_t width.
probe_disk=$(find_disk "$Y2038_PROBE_SERIAL") || probe_disk=
mkdir -p "$Y2038_PROBE_DIR" || probe_disk=
hello="harness=$Y2038_HARNESS_VERSION machine=$(uname -m) kernel=$(uname -r)"
# The width of time_t the userland is built with: 64 on 64-bit ELF; on 32-bit, 64 when
# programs outside gnulib (dpkg, built with the archive's default flags) use the *64 time calls.
# A system without dpkg is read by its /bin/sh (a static one names no calls: 32 is said).
timet=32
timet_file=/usr/bin/dpkg
[ -e "$timet_file" ] || timet_file=/bin/sh
elfclass=$(od -An -tu1 -j4 -N1 "$timet_file" 2>/dev/null | tr -d ' ')
if [ "$elfclass" = 2 ]; then
  timet=64
elif grep -qa -e __clock_gettime64 -e __time64 -e __stat64_time64 "$timet_file" 2>/dev/null; then
  timet=64
fi

# Where the probe leaves files for the host: a tmpfs of its own (the limit, and a little
# room to see that it was reached), made before the clock step, and empty in the saved
# guest, so that each date restored from it starts with it empty.
Y2038_OUT=/run/y2038-out
mkdir -p "$Y2038_OUT" &&
  { mount -t tmpfs -o "size=$((Y2038_OUT_LIMIT + 1048576)),mode=1777" y2038-out "$Y2038_OUT" 2>/dev/null ||
    chmod 1777 "$Y2038_OUT"; }

# The kernel's random numbers made ready now, once for the saved guest: until they are, the
# first read of them (any program's, perl's start among them) makes the kernel gather entropy
# of its own, a second or more under emulation, in every date restored from here. The
# framer makes each date's its own with the job's seed.
od -An -N1 /dev/urandom >/dev/null 2>&1 || :

# The job: "job <token> <epoch> <date> <seed> <out token> <crossing> <attempt>". read takes
# it byte by byte, up to the newline. <crossing>: clock cross, the epoch the clock crosses
# while the probe runs; else 0. <attempt>: 1, or 2 when the date runs again to confirm.
exec 6<>"$jobport"
printf 'ready\n' >&6
IFS=' ' read -r job Y2038_TOKEN Y2038_EPOCH Y2038_DATE seed out_token Y2038_CROSSING Y2038_ATTEMPT <&6
exec 6<&-
Y2038_SEQ=0
bad_job() {
  say "bad job from the host: $*"
  power_off
}
[ "$job" = job ] || bad_job "$job"
case $Y2038_TOKEN in '' | *[!0-9a-f]*) bad_job "token $Y2038_TOKEN" ;; esac
case $Y2038_EPOCH in '' | .* | *. | *[!0-9.]* | *.*.*) bad_job "epoch $Y2038_EPOCH" ;; esac
# The clock is set to the epoch as given (a search starts a line early in a second: it may
# carry a fraction); the probe sees whole seconds, as ever.
set_to=$Y2038_EPOCH
Y2038_EPOCH=${Y2038_EPOCH%%.*}
case $seed in '' | *[!0-9a-f]*) bad_job "seed" ;; esac
case $out_token in '' | *[!0-9a-f]*) bad_job "out token" ;; esac
case $Y2038_CROSSING in '' | *[!0-9]*) bad_job "crossing $Y2038_CROSSING" ;; esac
case $Y2038_ATTEMPT in [12]) ;; *) bad_job "attempt $Y2038_ATTEMPT" ;; esac
# The job's seed: the framer makes each session's random numbers this date's own with it.
Y2038_SEED=$seed

# The probe's disk, there since the boot, mounted only now: a guest saved before its job
# holds nothing of it. A saved guest may be started with another probe's disk (of the same
# size) than the one it booted with: what the kernel read of the disk before is dropped first.
[ -n "$probe_disk" ] &&
  { blockdev --flushbufs "$probe_disk" 2>/dev/null || :; } &&
  mount -t erofs -o ro "$probe_disk" "$Y2038_PROBE_DIR" || {
  say "cannot mount the probe's disk at $Y2038_PROBE_DIR"
  power_off
}

open_port
emit hello "$hello"
emit userland "time_t=$timet"
if [ "$Y2038_INIT" = systemd ]; then
  emit init "$init_info"
  emit bootfailed "$failed_at_boot"
fi

if [ "$Y2038_CLOCK" = step ] || [ "$Y2038_CLOCK" = cross ]; then
  if out=$($clock_date -u -s "@$set_to" 2>&1); then
    emit step "ok"
  else
    emit step "failed: $out"
  fi
fi
# To the nanosecond where date has %N (a search times each line to the second from here),
# and as the console says it.
now=$($clock_date -u '+%s.%N %Y-%m-%dT%H:%M:%SZ')
now_text=${now#* }
now=${now%% *}
case $now in *N | *.) now=${now%%.*} ;; esac
emit clock "$now"
# Seconds since boot at the same moment: the console's kernel lines carry them, so the host
# can tell each line's guest time.
read -r up _ </proc/uptime
emit uptime "$up"
# clock cross: the second since boot at which the clock is past the date it crosses, for
# y2038_wait_crossing (which needs no clock of its own: a 32-bit one is what is under test).
Y2038_CROSSING_UPTIME=0
[ "$Y2038_CROSSING" = 0 ] || Y2038_CROSSING_UPTIME=$((${up%.*} + Y2038_CROSSING - Y2038_EPOCH + 1))
say "probe starting at $now_text"

Y2038_STAGE=probe
export Y2038_DATE Y2038_EPOCH Y2038_OUT Y2038_STAGE Y2038_CROSSING Y2038_CROSSING_UPTIME Y2038_ATTEMPT
y2038_session_run probe "$Y2038_PROBE_DIR/probe.sh" "$Y2038_PROBE_DIR/scripts/probe.sh"
say "probe finished"

# After the probe, under the out token: the units that failed by now (systemctl may itself
# fail past the rollover: then the console's lines are the evidence), and the probe's files.
Y2038_TOKEN=$out_token
Y2038_SEQ=0
open_port
if [ "$Y2038_INIT" = systemd ]; then
  emit failedunits "$(timeout 20 systemctl list-units --state=failed --plain --no-legend --no-pager 2>&1 | head -c 4000)"
fi
# Nothing to bring back, the usual case: the end record without starting perl (half a second
# under emulation). Empty only when find says so and succeeds: find lists names without
# stat() (a 32-bit dash's glob and [ -e ] stat, and fail for files made after the rollover);
# should it fail for any reason, send-out.pl walks the directory as ever.
if out_first=$(find "$Y2038_OUT" -mindepth 1 -print -quit 2>/dev/null) && [ -z "$out_first" ]; then
  emit outend "0 0 0 0"
else
  Y2038_SYSCALLS=$Y2038_SYSCALLS $Y2038_PERL "$Y2038_SHARE/send-out.pl" "$Y2038_OUT" "$out_token" "$Y2038_OUT_LIMIT" "$Y2038_SEQ"
fi

exec 3>&-
power_off
