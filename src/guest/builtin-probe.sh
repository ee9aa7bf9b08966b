# The built-in probe: the seed's checks and a few more, one named check per line (clock cross: after the crossing).
Y2038_NEWFILE=/tmp/y2038-made-at-probe-time && y2038_wait_crossing
check coreutils-date date -u
check coreutils-touch touch "$Y2038_NEWFILE"
check coreutils-stat stat -c '%y %n' "$Y2038_NEWFILE"
check busybox-date expect_year busybox date -u
check busybox-ls busybox ls -l "$Y2038_NEWFILE"
check busybox-stat busybox stat "$Y2038_NEWFILE"
check sudo sudo -n true
check systemd-clock systemd-analyze timestamp now
check perl-time expect_year perl -e 'print scalar(gmtime(time())), "\n"'
check bash-printf-time expect_year bash -c 'printf "%(%Y-%m-%d)T\n" -1'
! have python3 || check python-time expect_year python3 -c 'import time; print(time.strftime("%Y-%m-%d", time.gmtime(time.time())))'
