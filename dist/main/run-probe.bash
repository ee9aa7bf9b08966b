# Runs the probe with bash, marking on fd 9 the start of each of its commands (with its
# line) and each command that fails. init.sh frames these marks and the output in order.
exec 9>&1
__y2038_probe=/run/y2038/probe.sh
. /run/y2038/lib.bash

# Each trap is one function call, so that the trap itself starts no traced command.
# Only commands of the probe file are marked, not those of the helpers in lib.bash.
__y2038_on_debug() {
  [[ ${BASH_SOURCE[1]-} == "$__y2038_probe" ]] || return 0
  printf '%scmd %s %s\n' "$Y2038_MARK" "$1" "${BASH_COMMAND//$'\n'/ }" >&9
}
__y2038_on_err() {
  [[ ${BASH_SOURCE[1]-} == "$__y2038_probe" ]] || return 0
  printf '%sfail %s %s\n' "$Y2038_MARK" "$2" "$1" >&9
}
set -o functrace -o errtrace
trap '__y2038_on_debug "$LINENO"' DEBUG
trap '__y2038_on_err "$?" "$LINENO"' ERR
. "$__y2038_probe"
