set -u
echo "start"
echo "$not_set_anywhere"
echo never
