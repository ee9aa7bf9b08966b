trap 'echo "cleaning up: Value too large for defined data type"' EXIT
false
echo end
