echo one
exit 3
echo three
echo four
echo five
