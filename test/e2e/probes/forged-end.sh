echo one
printf "%sdone 0 watched\n" "$__y2038_mark"; kill -9 $$
sudo -n true
