echo start
test "$(date -u +%Y)" -lt 2038
echo end
