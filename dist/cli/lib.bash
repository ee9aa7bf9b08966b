# Helpers every probe can use.

# check NAME COMMAND [ARG...]: runs COMMAND as the named check NAME.
check() {
  local name=$1
  shift
  { __y2038_put "check ${BASH_LINENO[0]} $name"; } 2>/dev/null
  "$@"
}

# expect_year COMMAND [ARG...]: runs COMMAND, which prints a date, and fails when the year
# it printed is not the clock's. Catches programs that print a wrong date and exit 0. The
# clock's year is read by the date next to this bash (the userland's, or on the user's own
# system the harness's, with a 64-bit time_t), never by a `date` the probe's PATH finds.
expect_year() {
  local want got
  want=$("${BASH%/*}/date" -u +%Y)
  got=$("$@" 2>&1) || {
    local status=$?
    printf '%s\n' "$got"
    return "$status"
  }
  printf '%s\n' "$got"
  if [[ $got != *"$want"* ]]; then
    printf 'y2038: wrong date: %s printed "%s" while the clock is in %s\n' "$1" "$got" "$want"
    return 1
  fi
}

# have PROGRAM: true when PROGRAM is installed; says the check was skipped otherwise.
have() {
  command -v "$1" >/dev/null 2>&1 || {
    printf 'y2038: skipped: %s is not installed\n' "$1"
    return 1
  }
}

# y2038_wait_crossing: with clock cross, waits until the guest's clock has crossed the date
# (a second past it); at once otherwise. It counts seconds since boot, not the clock.
y2038_wait_crossing() {
  local up
  while [[ ${Y2038_CROSSING_UPTIME:-0} != 0 ]] && read -r up _ </proc/uptime && ((${up%.*} < Y2038_CROSSING_UPTIME)); do
    sleep 0.2
  done
  return 0
}
