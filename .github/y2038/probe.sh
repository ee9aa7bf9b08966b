#!/usr/bin/env bash
# The probe of the example workflow (.github/workflows/y2038.yml). y2038-action runs it in a
# Debian guest with the clock at each date of the matrix, with bash, as root.
#
# Write one command per line: a command that fails, or prints a Year-2038 signature, is
# reported on its own line. `check NAME COMMAND...` names the check in the report, and
# `expect_year COMMAND...` fails when COMMAND prints a year other than the clock's.
# Replace these lines with the commands of your own programs.
date -u
touch /tmp/y2038-probe-file
stat /tmp/y2038-probe-file
busybox stat /tmp/y2038-probe-file
sudo -n true
check perl-time expect_year perl -e 'print scalar(gmtime(time())), "\n"'
