# The harness's half of a script's shell: bash reads this file (BASH_ENV) before the first
# line of the script, which run-script.pl feeds it on a FIFO. The script is bash's own script,
# not sourced: `return` at its top is bash's error, a failing command like any other. Its
# standard output and error are the harness's pipe; the marks written here into the same
# pipe say where each of its commands starts and how it ended, so that the host can give
# every line of output and every failure its line. Whether the script ran to its end is not
# decided here: run-script.pl sees from outside how much of the text bash read and how its
# shell ended; the end line it appends (__y2038_end) says the harness was still watching.
#
# What a probe may do freely: use any file descriptor (the marks are written by path, not to
# an inherited descriptor), set its own ERR, DEBUG and EXIT traps (`trap` runs the harness's
# handler first, then the probe's), `set -e`/`-u`/`+o pipefail`, start background jobs,
# print its environment (it holds nothing of the harness). The harness's ERR handler and
# errtrace are put back before each command, so `builtin trap '' ERR` and `set +E` blind
# nothing; a probe that removes the DEBUG handler is told at its end.
#
# Standard input: "<secret> <pipe> <script file> <helpers> <script as bash runs it>" on one line.
IFS=' ' read -r __y2038_secret __y2038_sink __y2038_probe __y2038_lib __y2038_source || exit 125
exec </dev/null
unset BASH_ENV
declare -r __y2038_sink __y2038_probe __y2038_source
declare -r __y2038_mark=$'\x1e'"Y2038M${__y2038_secret}:"
unset __y2038_secret

# One mark: one printf, one write() of at most a few KiB, so marks are never split. Opened
# with >> (no stat(), unaffected by noclobber) and with its errors hidden, so that a probe
# that closed or redirected anything cannot make a mark fail, or a trace show it.
__y2038_put() {
  printf '%s%s\n' "$__y2038_mark" "$1" 2>/dev/null >>"$__y2038_sink" || :
}

# $? for the probe's own trap action; set while the ERR or EXIT handler and the probe's
# action run, whose commands are not the probe's lines (bash runs DEBUG in them too).
__y2038_status=0 __y2038_busy= __y2038_mine=
__y2038_rc() { return "$1"; }

# Each handler sets __y2038_mine when the event is the probe's (a command of the probe file,
# not of the helpers, this file or a handler), so that the probe's own action runs for
# those only.
#
# $1: $? before this command (how the previous one ended), $2: its line. bash also runs the
# DEBUG trap for the first command of the ERR and EXIT handlers, with BASH_COMMAND still the
# last command that ran: the host drops that mark (a cmd whose $? is the status of the fail
# or exit mark right after it). The one for the `.` below, when the probe exits, is not sent.
__y2038_on_debug() {
  [[ -z $__y2038_busy && -z $__y2038_exiting ]] || return 0
  __y2038_mine=
  [[ ${BASH_SOURCE[1]-} == "$__y2038_source" ]] || return 0
  __y2038_status=$1
  # What the probe may have switched off, back on before its next command.
  [[ $- == *E* && $- == *T* ]] || set -ET
  __y2038_install_trap ERR
  [[ $BASH_COMMAND != __y2038_end ]] || { __y2038_watched=1 && return 0; }
  __y2038_mine=1
  local text=${BASH_COMMAND//$'\n'/ }
  __y2038_uptime
  __y2038_boottime
  __y2038_put "cmd $2 $1 $((${#FUNCNAME[@]} - 1)) u$__y2038_up b$__y2038_bt ${text:0:1000}"
}

# Seconds since boot, from /proc/uptime: the host turns it into the guest's time of each
# mark (bash's own clock, $EPOCHSECONDS, is 32-bit in a 32-bit userland).
__y2038_uptime() {
  read -r __y2038_up _ </proc/uptime 2>/dev/null || __y2038_up=0
}

# The boot time the kernel derives from the clock (btime in /proc/stat): it changes only
# when something sets the clock, so the first command whose mark shows another one ran
# after the command that moved it.
__y2038_boottime() {
  local key value
  __y2038_bt=0
  while read -r key value; do
    [[ $key != btime ]] || { __y2038_bt=$value; break; }
  done </proc/stat 2>/dev/null
}

# $1: status, $2: line, $3: PIPESTATUS.
__y2038_on_err() {
  __y2038_mine=
  # In the probe's EXIT action bash leaves BASH_COMMAND and the line as they were before it:
  # only the status is the failure's own. The host puts it on the line that set the action.
  if [[ -n $__y2038_in_exit_action ]]; then
    __y2038_status=$1 __y2038_busy=1 __y2038_mine=1
    __y2038_put "trapfail $1 $((${#FUNCNAME[@]} - 1)) ${3// /,}"
    return 0
  fi
  [[ ${BASH_SOURCE[1]-} == "$__y2038_source" && -z $__y2038_ended ]] || return 0
  __y2038_status=$1 __y2038_busy=1 __y2038_mine=1
  local text=${BASH_COMMAND//$'\n'/ }
  __y2038_uptime
  __y2038_put "fail $2 $1 $((${#FUNCNAME[@]} - 1)) u$__y2038_up ${3// /,} ${text:0:1000}"
}

# The shell is exiting: what runs now is the probe's EXIT action, whose commands the DEBUG
# trap cannot name (bash does not update BASH_COMMAND in a trap's action).
__y2038_on_exit() {
  __y2038_status=$1 __y2038_busy=1 __y2038_mine=1 __y2038_exiting=1
  __y2038_put "exit $1"
}

# The probe's own ERR, DEBUG and EXIT actions, run after the harness's handler with $? as
# it was. Every other signal goes to the builtin as it is.
# The line of the probe that set each action (0: not a line of the probe).
declare -A __y2038_user_trap=() __y2038_user_trap_line=()

# The probe's action for trap $1, when the event was the probe's: in both branches $? is
# the status the action expects, and no command fails (set -e); eval keeps a broken action
# from breaking the harness's handler.
#
# The EXIT action is announced (exittrap: the line that set it, its text), and each of its
# commands that fails is reported (trapfail); it is run with a last command of the harness's,
# so that the eval itself does not fail again with the action's last status.
__y2038_run_user_trap() {
  [[ -n $__y2038_mine ]] || return 0
  local action=${__y2038_user_trap[$1]}
  if [[ $1 == EXIT ]]; then
    local text=${action//$'\n'/ }
    __y2038_put "exittrap ${__y2038_user_trap_line[EXIT]-0} ${text:0:1000}"
    __y2038_in_exit_action=1
    action+=$'\n{ __y2038_in_exit_action=; } 2>/dev/null'
  fi
  if __y2038_rc "$__y2038_status"; then eval "$action"; else eval "$action"; fi
}

# The harness's part runs with its standard error (and so set -x's trace) discarded.
__y2038_install_trap() {
  local handler
  case $1 in
  ERR) handler='{ __y2038_on_err "$?" "$LINENO" "${PIPESTATUS[*]}"; } 2>/dev/null' ;;
  DEBUG) handler='{ __y2038_on_debug "$?" "$LINENO"; } 2>/dev/null' ;;
  EXIT) handler='{ __y2038_on_exit "$?"; } 2>/dev/null' ;;
  esac
  [[ -z ${__y2038_user_trap[$1]-} ]] || handler+=$'\n'"__y2038_run_user_trap $1"
  [[ $1 == DEBUG ]] || handler+=$'\n{ __y2038_busy=; } 2>/dev/null'
  builtin trap -- "$handler" "$1"
}

__y2038_trap_name() {
  local name=${1^^}
  name=${name#SIG}
  case $name in
  0 | EXIT) __y2038_name=EXIT ;;
  ERR | DEBUG) __y2038_name=$name ;;
  *) __y2038_name= ;;
  esac
}

__y2038_print_traps() {
  local sig text
  if (($# == 0)); then
    # The builtin's list without the harness's handlers, then the probe's own actions.
    builtin trap - ERR DEBUG EXIT
    text=$(builtin trap -p)
    __y2038_install_trap EXIT
    __y2038_install_trap ERR
    __y2038_install_trap DEBUG
    [[ -z $text ]] || printf '%s\n' "$text"
    set -- EXIT DEBUG ERR
  fi
  for sig; do
    __y2038_trap_name "$sig"
    if [[ -n $__y2038_name ]]; then
      [[ -z ${__y2038_user_trap[$__y2038_name]-} ]] ||
        printf 'trap -- %s %s\n' "${__y2038_user_trap[$__y2038_name]@Q}" "$__y2038_name"
    else
      builtin trap -p "$sig"
    fi
  done
}

# `trap` for the probe, without set -x's trace of its insides.
trap() {
  { local xtrace=${-//[^x]/} rc=0 && set +x; } 2>/dev/null
  __y2038_trap "$@" || rc=$?
  [[ -z $xtrace ]] || set -x
  return "$rc"
}

__y2038_trap() {
  case ${1-} in
  -l) builtin trap "$@"; return ;;
  -p) shift; __y2038_print_traps "$@"; return ;;
  '') (($# == 0)) && { __y2038_print_traps; return; } ;;
  --) shift ;;
  esac
  # `trap SIG` alone resets SIG.
  (($# == 1)) && set -- - "$1"
  local action=$1 sig rc=0
  shift
  for sig; do
    __y2038_trap_name "$sig"
    if [[ -n $__y2038_name ]]; then
      if [[ $action == - ]]; then
        unset "__y2038_user_trap[$__y2038_name]"
      else
        __y2038_user_trap[$__y2038_name]=$action
        # trap() called __y2038_trap: [2] is the file that called trap, [1] its line there.
        if [[ ${BASH_SOURCE[2]-} == "$__y2038_source" ]]; then
          __y2038_user_trap_line[$__y2038_name]=${BASH_LINENO[1]}
        else
          __y2038_user_trap_line[$__y2038_name]=0
        fi
      fi
      __y2038_install_trap "$__y2038_name"
    else
      builtin trap -- "$action" "$sig" || rc=$?
    fi
  done
  return "$rc"
}

# The end line run-script.pl appends after the script's text: bash got here, and $? is the
# status of the script's last command. "watched": the harness's DEBUG handler saw this line,
# so it was in place to the end (a probe that removed it with `builtin trap - DEBUG` is not).
# It hands the shell back the status it found (the script's status, as without the line),
# and nothing after it is a command of the probe (the EXIT trap's first command would show as one).
#
# An EXIT action the probe set with `builtin trap` replaced the harness's handler: it is taken
# back here, with that action as the probe's, so that the action's failures are seen too.
__y2038_end() {
  local status=$? current
  __y2038_busy=1 __y2038_ended=1
  __y2038_put "done $status ${__y2038_watched:+watched}"
  current=$(builtin trap -p EXIT)
  if [[ $current != *__y2038_on_exit* ]]; then
    unset '__y2038_user_trap[EXIT]'
    [[ -z $current ]] || eval "__y2038_take_exit_action ${current#trap }"
    __y2038_install_trap EXIT
  fi
  return "$status"
}

# $2: the action, as `trap -p` quoted it.
__y2038_take_exit_action() {
  __y2038_user_trap[EXIT]=$2 __y2038_user_trap_line[EXIT]=0
}

# A probe that does not parse is refused before any of it runs.
if ! __y2038_syntax=$(bash -n "$__y2038_probe" 2>&1); then
  __y2038_put "syntax ${__y2038_syntax//$'\n'/ }"
  exit 2
fi
unset __y2038_syntax

. "$__y2038_lib"
__y2038_watched= __y2038_ended= __y2038_exiting= __y2038_in_exit_action=
declare -fr trap __y2038_trap __y2038_put __y2038_rc __y2038_uptime __y2038_boottime __y2038_on_debug __y2038_on_err __y2038_on_exit \
  __y2038_run_user_trap __y2038_install_trap __y2038_trap_name __y2038_print_traps __y2038_end __y2038_take_exit_action

# The failing command of a pipeline counts, not only the last one; a probe may turn it off.
set -o functrace -o errtrace -o pipefail
__y2038_install_trap EXIT
__y2038_install_trap ERR
__y2038_install_trap DEBUG
