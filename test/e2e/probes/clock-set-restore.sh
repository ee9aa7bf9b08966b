builtin trap - DEBUG
t=$(date -u +%s); date -u -s 2030-01-01 >/dev/null; sudo -n true; date -u -s "@$t" >/dev/null
echo end
