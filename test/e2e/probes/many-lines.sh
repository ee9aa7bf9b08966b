seq 1 1000000
echo done
