set -e
echo start
sudo -n true
echo never
