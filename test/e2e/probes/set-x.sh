set -x
echo hi
ls /nonexistent-dir
