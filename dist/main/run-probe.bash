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
# The harness's own trace of the probe's commands, next to the pipe (session.sh made it).
__y2038_trace=${__y2038_sink%.data}.trace
declare -r __y2038_sink __y2038_probe __y2038_source __y2038_trace
declare -r __y2038_mark=$'\x1e'"Y2038M${__y2038_secret}:" __y2038_tag="Y2038T${__y2038_secret}:"
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
# $1: $? before this command (how the previous one ended), $2: its line, $3: $- then. bash
# also runs the DEBUG trap for the first command of the ERR and EXIT handlers, with
# BASH_COMMAND still the last command that ran: the host drops that mark (a cmd whose $? is
# the status of the fail or exit mark right after it). The one for the `.` below, when the
# probe exits, is not sent.
__y2038_on_debug() {
  set +x
  __y2038_next=
  __y2038_debug "$1" "$2"
  __y2038_trace_after "$1" "$3"
}

# Called by the handler: [2] is the caller's file, and the depth counts two functions.
__y2038_debug() {
  [[ -z $__y2038_busy && -z $__y2038_exiting ]] || return 0
  __y2038_mine=
  [[ ${BASH_SOURCE[2]-} == "$__y2038_source" ]] || return 0
  __y2038_status=$1
  # What the probe may have switched off, back on before its next command.
  [[ $- == *E* && $- == *T* ]] || set -ET
  __y2038_install_trap ERR
  [[ $BASH_COMMAND != __y2038_end ]] || { __y2038_watched=1 && return 0; }
  __y2038_mine=1 __y2038_next=1
  # The trace of this command will carry this number (PS4); the ERR handler looks for the one
  # before (bash runs DEBUG once more, for the ERR handler's first command).
  __y2038_pseq=$__y2038_seq __y2038_ptext=$__y2038_text
  __y2038_seq=$((__y2038_seq + 1)) __y2038_text=$BASH_COMMAND
  local text=${BASH_COMMAND//$'\n'/ }
  __y2038_uptime
  __y2038_boottime
  __y2038_put "cmd $2 $1 $((${#FUNCNAME[@]} - 2)) u$__y2038_up b$__y2038_bt ${text:0:1000}"
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

# $1: status, $2: line, $3: PIPESTATUS, $4: $- then.
# Without functrace while it runs, so that the DEBUG handler does not run for each of its
# own commands (the probe's next command puts it back).
__y2038_on_err() {
  builtin set +xT
  __y2038_err "$1" "$2" "$3"
  builtin set -T
  if [[ $4 == *x* ]]; then builtin set -x; fi
}

__y2038_err() {
  __y2038_mine=
  # In the probe's EXIT action bash leaves BASH_COMMAND and the line as they were before it:
  # only the status is the failure's own. The host puts it on the line that set the action.
  if [[ -n $__y2038_in_exit_action ]]; then
    __y2038_status=$1 __y2038_busy=1 __y2038_mine=1
    __y2038_put "trapfail $1 $((${#FUNCNAME[@]} - 2)) ${3// /,}"
    return 0
  fi
  [[ ${BASH_SOURCE[2]-} == "$__y2038_source" && -z $__y2038_ended ]] || return 0
  __y2038_status=$1 __y2038_busy=1 __y2038_mine=1
  local text=${BASH_COMMAND//$'\n'/ }
  __y2038_uptime
  __y2038_put "fail $2 $1 $((${#FUNCNAME[@]} - 2)) u$__y2038_up ${3// /,} ${text:0:1000}"
  [[ $3 == *' '* ]] || __y2038_ran_as
  [[ -z $__y2038_ran ]] || __y2038_put "ran ${__y2038_ran:0:1000}"
}

# The shell is exiting: what runs now is the probe's EXIT action, whose commands the DEBUG
# trap cannot name (bash does not update BASH_COMMAND in a trap's action).
# $2: $- then.
__y2038_on_exit() {
  set +x
  __y2038_status=$1 __y2038_busy=1 __y2038_mine=1 __y2038_exiting=1
  __y2038_put "exit $1"
  if [[ $2 == *x* ]]; then set -x; fi
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
  ERR) handler='{ __y2038_on_err "$?" "$LINENO" "${PIPESTATUS[*]}" "$-"; } 2>/dev/null' ;;
  DEBUG) handler='{ __y2038_on_debug "$?" "$LINENO" "$-"; } 2>/dev/null' ;;
  EXIT) handler='{ __y2038_on_exit "$?" "$-"; } 2>/dev/null' ;;
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

# The failing command as bash ran it, its words expanded: bash knows them only while it traces
# (set -x). The harness traces every command of the probe into a file of its own
# (BASH_XTRACEFD, a descriptor the probe is unlikely to name), each record behind PS4's mark:
# \x01 once per level of eval, trap action or $(...), the session's tag, then the number the
# DEBUG handler gave the command and the process that ran it. Should bash ever write the trace
# to the probe's standard error (a probe that closes the harness's descriptor), the host drops
# the lines with the tag: they are never the probe's output. The ERR handler reads the record of the failing
# command, when it has one: a simple command, [[ ]] or (( )), not a pipeline or a subshell.
# Only what is shown depends on this; no verdict does.
#
# The probe's own trace comes first: when it turns tracing on (set -x, shopt -so xtrace) or
# names its own BASH_XTRACEFD, the trace is the probe's, as without the harness, until it
# turns tracing off again. To see which, a `set` or `shopt` runs with tracing as the probe
# had it. What a probe sees of this: `x` in $- and the harness's PS4 while it does not trace.
declare -r __y2038_ps4=$'\x01'"$__y2038_tag"'${__y2038_seq-}.${BASHPID} '
declare -r __y2038_set_re='(^|[^[:alnum:]_./-])(set|shopt|BASH_XTRACEFD)([[:space:]=]|$)'
# A command that names descriptor 1000 in a redirection: the harness stops tracing before it.
declare -r __y2038_fd_re='(^|[^0-9])1000[<>]'
# High, so that a probe's `exec 9>file` or `{fd}` never lands on it (bash cannot take the
# number from a variable in `exec N>`: it is written out below).
declare -r __y2038_trace_fd=1000
__y2038_xfd= __y2038_next= __y2038_seq=0 __y2038_pseq=0 __y2038_text= __y2038_ptext= __y2038_uset= __y2038_xoff=
__y2038_ups4=${PS4-+ } __y2038_ran=

# Tracing into the harness's file from here (it was the probe's, or off).
__y2038_trace_mine() {
  [[ -z $__y2038_xoff ]] || return 0
  if ! { exec 1000>>"$__y2038_trace"; } 2>/dev/null || ! BASH_XTRACEFD=$__y2038_trace_fd 2>/dev/null; then
    # A descriptor the probe cannot give up, or a BASH_XTRACEFD it made readonly: no trace.
    { exec 1000>&-; } 2>/dev/null
    __y2038_xoff=1
    return 0
  fi
  __y2038_xfd=$__y2038_trace_fd
  [[ ${PS4-} == "$__y2038_ps4" ]] || __y2038_ups4=${PS4-+ }
  PS4=$__y2038_ps4
  set -x
}

# The trace as the probe left it: its PS4, and its BASH_XTRACEFD (bash closed the harness's).
__y2038_trace_theirs() {
  __y2038_xfd=
  PS4=$__y2038_ups4
}

# End of the DEBUG handler. $1: $? before the command, $2: $- when the handler started.
# Before a command that is not the probe's (the harness's handlers, the helpers), the trace
# stays as it was. `set -x` is the last command of every path: nothing after it is traced.
__y2038_trace_after() {
  if [[ -z $__y2038_next ]]; then
    if [[ $2 == *x* ]]; then set -x; fi
    return 0
  fi
  local after_set=$__y2038_uset
  __y2038_uset=
  if [[ -z $__y2038_xfd ]]; then
    # The probe's trace, or none: back to the harness's once the probe stopped tracing.
    if [[ $2 == *x* ]]; then
      set -x
    elif [[ -z ${BASH_XTRACEFD-} ]]; then
      __y2038_trace_mine
    fi
  else
    __y2038_trace_ours "$1" "$2" "$after_set"
  fi
}

# $3: the command before was a set, shopt or BASH_XTRACEFD, run untraced.
__y2038_trace_ours() {
  [[ ${PS4-} == "$__y2038_ps4" ]] || { __y2038_ups4=${PS4-+ } && PS4=$__y2038_ps4; }
  if [[ ${BASH_XTRACEFD-} != "$__y2038_xfd" ]]; then
    # The probe named its own descriptor (its trace from here, if it turns it on), or unset
    # it (bash closed the harness's: open it again).
    __y2038_trace_theirs
    if [[ -z ${BASH_XTRACEFD-} ]]; then __y2038_trace_mine; fi
  elif [[ -n $3 && $2 == *x* ]]; then
    # It turned tracing on.
    BASH_XTRACEFD=
    __y2038_trace_theirs
    set -x
  elif [[ $BASH_COMMAND == *@(set|shopt|BASH_XTRACEFD)* && $BASH_COMMAND =~ $__y2038_set_re ]]; then
    __y2038_uset=1
  elif [[ $BASH_COMMAND == *1000* && $BASH_COMMAND =~ $__y2038_fd_re ]]; then
    # The descriptor is the probe's from here: bash closes it now, while it is still the harness's.
    BASH_XTRACEFD=
    __y2038_xoff=1
    __y2038_trace_theirs
  else
    # Bounded: emptied every 32 commands, never in the DEBUG run for the ERR handler (the
    # failing command's record must stay: $? is its status then) unless long overdue.
    if (((__y2038_seq % 32 == 0 && $1 == 0) || __y2038_seq % 256 == 0)); then
      : >|"/proc/self/fd/$__y2038_xfd"
    fi
    set -x
  fi
}

# Sets __y2038_ran to the failing command's trace record, if the harness traced it: the record
# of the command the DEBUG handler saw before the ERR handler's own, when that command is the
# one that failed; of the records with its number and this process, the one least nested.
__y2038_ran_as() {
  __y2038_ran=
  [[ -n $__y2038_xfd && $__y2038_ptext == "$BASH_COMMAND" ]] || return 0
  local line lines level rest take= best=99 key="$__y2038_tag$__y2038_pseq.$BASHPID "
  mapfile -t lines <"/proc/self/fd/$__y2038_xfd" || return 0
  for line in "${lines[@]}"; do
    if [[ $line == $'\x01'* ]]; then
      take=
      level=${line%%[!$'\x01']*}
      rest=${line:${#level}}
      if [[ $rest == "$key"* ]] && ((${#level} < best)); then
        best=${#level} take=1 __y2038_ran=${rest#"$key"}
      fi
    elif [[ -n $take ]]; then
      __y2038_ran+=" $line"
    fi
  done
  # Read: what came before is of no more use (a probe that fails often reads little each time).
  : >|"/proc/self/fd/$__y2038_xfd"
}

# A probe that does not parse is refused before any of it runs.
if ! __y2038_syntax=$("$BASH" -n "$__y2038_probe" 2>&1); then
  __y2038_put "syntax ${__y2038_syntax//$'\n'/ }"
  exit 2
fi
unset __y2038_syntax

. "$__y2038_lib"
__y2038_watched= __y2038_ended= __y2038_exiting= __y2038_in_exit_action=
declare -fr trap __y2038_trap __y2038_put __y2038_rc __y2038_uptime __y2038_boottime __y2038_on_debug __y2038_on_err __y2038_on_exit \
  __y2038_run_user_trap __y2038_install_trap __y2038_trap_name __y2038_print_traps __y2038_end __y2038_take_exit_action \
  __y2038_debug __y2038_err __y2038_trace_mine __y2038_trace_theirs __y2038_trace_after __y2038_trace_ours __y2038_ran_as

# The failing command of a pipeline counts, not only the last one; a probe may turn it off.
set -o functrace -o errtrace -o pipefail
__y2038_install_trap EXIT
__y2038_install_trap ERR
__y2038_install_trap DEBUG
__y2038_trace_mine
