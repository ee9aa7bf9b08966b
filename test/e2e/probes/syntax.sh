echo one
if then fi
echo three
