echo start
ls \
  /nonexistent-one \
  /nonexistent-two
echo end
