cleanup() {
  echo cleaning up
  rm /nonexistent-lockfile
}
trap cleanup EXIT
echo working
