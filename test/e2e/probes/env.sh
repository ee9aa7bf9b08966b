env | sort
echo done
