trap 'echo "probe trap saw status $?"' ERR
true
ls /nonexistent-dir
echo after
