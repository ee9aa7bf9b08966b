echo start
date -u -s 2030-01-01 >/dev/null
sudo -n true
echo end
