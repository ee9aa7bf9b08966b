date -u -s "@$(date -u +%s)" >/dev/null; sleep 1
echo end
