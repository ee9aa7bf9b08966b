# The clock set in a background job, while the probe waits for it.
( sleep 1; date -u -s 2040-01-01 >/dev/null ) &
wait
sleep 1
echo end
