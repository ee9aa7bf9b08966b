# y2038-action guest session: runs a script (the probe, or a stage before it) once and frames everything it printed on the
# results port. Sourced by init.sh (POSIX sh); the contract tests also run it on the host.
# It needs:
#   Y2038_SHARE    the read-only directory with the harness and the probe
#   Y2038_PRIVATE  an empty directory of the harness's own
#   Y2038_TOKEN, Y2038_SEQ and emit() from init.sh, and the results port open on fd 3
#   Y2038_SYSCALLS the system call numbers the harness's Perl makes (sys.pl)
#
# The probe never touches the port. Its standard output and error go into a pipe (a FIFO in
# Y2038_PRIVATE) that frame.pl alone reads and frames; the harness's marks (which command
# of the probe starts, which failed, where it stopped) go into the same pipe, opened by path
# for each mark, behind a marker made of a secret the probe's environment does not hold.
# frame.pl keeps the port open, so nothing else in the guest can open it (a virtio port
# allows one opener), and it ends when the probe's shell has exited and the pipe has been
# drained for a short grace, whatever background processes the probe left running.

# One pair of pipes per session (a stage before the job, or the probe): a process a stage
# left running cannot write into the next session's output. Made before the clock step, so
# that the pipes' timestamps stay before the rollover. $1: the session's name.
y2038_session_prepare() {
  mkfifo -m 600 "$Y2038_PRIVATE/$1.data" "$Y2038_PRIVATE/$1.ctl" "$Y2038_PRIVATE/$1.armed"
  : >"$Y2038_PRIVATE/$1.trace"
}

# $1: the session's name, $2: the script it runs, in Y2038_CWD; $3: the FIFO bash reads it
# from (a FIFO made on the host, on a read-only disk), by default scripts/$1.sh of the
# harness disk. Sets session_status to the status of the script's shell.
y2038_session_run() {
  session_data=$Y2038_PRIVATE/$1.data
  session_ctl=$Y2038_PRIVATE/$1.ctl
  # The pipes read-write: no open ever blocks, and no writer closing them ends the framer.
  exec 4<>"$session_data" 5<>"$session_ctl" 7<>"$Y2038_PRIVATE/$1.armed"

  # The framer makes the session's random numbers the job's own (the host's seed: a guest
  # restored from a saved state starts from the same random state each time), makes the
  # session's secret and sends it in the marks record, then watches the clock as it is now
  # and reports any move from here on. It says on fd 7 when its watch is armed, with the
  # secret; without one it is broken, and no script runs.
  Y2038_SYSCALLS=$Y2038_SYSCALLS ${Y2038_PERL:-perl} "$Y2038_SHARE/frame.pl" <<TOKEN &
$Y2038_TOKEN $Y2038_SEQ ${Y2038_SEED:--}
TOKEN
  session_framer=$!
  # The framer owns fd 3, 4 and 5 from here on; this shell writes nothing more on the port.
  read -r session_armed session_secret <&7
  exec 7<&-
  if [ -z "$session_secret" ]; then
    session_status=125
    printf 'status %s\n' "$session_status" >&5
    exec 3>&- 4>&- 5>&-
    wait "$session_framer"
    return
  fi

  # run-script.pl runs the script in a bash of its own and tells the framer on fd 5 how it
  # ended: its status and the bytes of it bash never read. The script's PATH is the userland's.
  session_fifo=${3:-$Y2038_SHARE/scripts/$1.sh}
  printf '%s %s %s %s %s\n' "$session_secret" "$session_data" "$2" "$Y2038_SHARE/lib.bash" "$session_fifo" |
    (cd "${Y2038_CWD:-/}" && PATH=${Y2038_SYSTEM_PATH:-$PATH} Y2038_BASH=${Y2038_BASH:-bash} Y2038_SYSCALLS=$Y2038_SYSCALLS \
      exec ${Y2038_PERL:-perl} "$Y2038_SHARE/run-script.pl" "$2" \
      "$session_fifo" "$Y2038_SHARE/run-probe.bash" >>"$session_data" 2>&1 3>&- 4>&-)
  session_status=$?
  # Should run-script.pl itself have failed, the framer still learns that the script ended.
  printf 'status %s\n' "$session_status" >&5
  exec 3>&- 4>&- 5>&-
  wait "$session_framer"
}
