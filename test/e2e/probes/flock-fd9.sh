exec 9>/tmp/lock
flock -n 9
echo locked
false
echo after
