# Fails only the first time a date runs: confirming the date finds it flaky.
test "$Y2038_ATTEMPT" = 2
sudo -n true
