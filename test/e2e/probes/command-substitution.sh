echo start
test "$(date -u +%Y)" -lt 2038
year=$(date -u +%Y); [[ $year == 2037 ]]
echo end
