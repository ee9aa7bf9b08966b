mkdir -p /tmp/r && mount -t no-such-fs none /tmp/r && true
[ -e /nonexistent ] && echo "a test is a condition"
true | false | true
echo done
