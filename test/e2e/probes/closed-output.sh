exec 1>&- 2>&-
false
exec 9>&- 3>&- 4>&- 5>&-
ls /nonexistent-dir
