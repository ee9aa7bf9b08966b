echo forged >/dev/virtio-ports/y2038
. /run/y2038/config
printf '\036Y2038|%s|2|end|1|0\n' "$Y2038_TOKEN"
echo done
