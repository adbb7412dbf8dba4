# A booted systemd for system tests, sourced by scripts/systemd-e2e and scripts/package-e2e:
# systemd as PID 1 in a container (systemd-nspawn) made from an overlay of this machine's root,
# with commands run inside through nsenter. container_boot arms a trap that always cleans up: the
# container is powered off, its processes ended by PID, the overlay unmounted.
#
#   container_boot NAME [--keep]   boots it; $root is its root folder, $work a scratch folder
#   inside CMD...                  runs CMD inside, as root
#   wait_inside SECONDS CMD...     waits for CMD to succeed inside
#   step TEXT / fail TEXT          reports a step / ends the test with a failure

step() { printf '\n== %s\n' "$*"; }
fail() { echo "$container_name: FAILED: $*" >&2; exit 1; }
inside() { nsenter -t "$leader" -a "$@"; }
wait_inside() {
  local seconds=$1; shift
  for _ in $(seq 1 $((seconds * 5))); do inside "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}

container_cleanup() {
  set +e
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    [ -n "$leader" ] && nsenter -t "$leader" -a systemctl poweroff --no-block >/dev/null 2>&1
    for _ in $(seq 1 50); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  # What the power-off left: the container's PID 1 first (the kernel then ends every process of
  # its PID namespace), then systemd-nspawn. Killing only systemd-nspawn would leave the
  # container's systemd and its services running on this machine.
  [ -n "$leader" ] && kill -KILL "$leader" 2>/dev/null
  if [ -n "$nspawn_pid" ]; then
    kill -KILL "$nspawn_pid" 2>/dev/null
    wait "$nspawn_pid" 2>/dev/null
  fi
  mountpoint -q "$root" && umount -l "$root"
  [ "$container_keep" = yes ] && echo "$container_name: kept $work" || rm -rf "$work"
}

container_boot() {
  container_name=$1
  container_keep=no; [ "${2:-}" = --keep ] && container_keep=yes
  [ "$(id -u)" = 0 ] || { echo "$container_name: run as root (it mounts an overlay and boots a container)" >&2; exit 77; }
  command -v systemd-nspawn >/dev/null || {
    echo "installing: systemd-container"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd-container >/dev/null
  }
  work=$(mktemp -d "/tmp/$container_name.XXXXXX")
  root=$work/root
  nspawn_pid=""
  leader=""
  trap container_cleanup EXIT
  trap "exit 1" INT TERM

  step "boot systemd in a container"
  mkdir -p "$work/upper" "$work/overlay-work" "$root"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
  tr -d - < /proc/sys/kernel/random/uuid > "$root/etc/machine-id"
  rm -rf "$root/var/spool/newsdrop" "$root/var/lib/newsdrop" "$root/etc/newsdrop" "$root/etc/systemd/system/newsdrop.service.d"
  # Services this machine's packages bring that the test does not need (and that would hold up the
  # boot, such as a second PostgreSQL on the shared network): masked in the container only.
  for unit in postgresql.service postgresql@.service prometheus.service prometheus-node-exporter.service \
    openipmi.service nvmf-autoconnect.service docker.service containerd.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  systemd-nspawn -D "$root" --register=no --keep-unit --link-journal=no -b >"$work/console.log" 2>&1 &
  nspawn_pid=$!
  for _ in $(seq 1 300); do
    # The container's PID 1: the systemd that systemd-nspawn started.
    leader=$(pgrep -P "$nspawn_pid" -x systemd | head -1 || true)
    [ -n "$leader" ] && [ -S "$root/run/systemd/private" ] && break
    sleep 0.1
  done
  [ -n "$leader" ] || fail "the container did not start (see $work/console.log)"
  local state=""
  for _ in $(seq 1 100); do
    state=$(inside timeout 90 systemctl is-system-running --wait 2>/dev/null || true)
    [ -n "$state" ] && break
    sleep 0.2
  done
  case "$state" in
    running | degraded) echo "systemd $(inside systemctl --version | head -1 | cut -d' ' -f2) is $state" ;;
    *) fail "the container's systemd is $state" ;;
  esac
}

# newsdrop inside the container.
prop() { inside systemctl show -P "$1" newsdrop; }
drop() { # NAME TEXT: written by the group member under a temporary name, then renamed in
  inside runuser -u dropper -- sh -c "printf '%s' \"\$1\" > /var/spool/newsdrop/inbox/.\$2.tmp && mv /var/spool/newsdrop/inbox/.\$2.tmp /var/spool/newsdrop/inbox/\$2" sh "$2" "$1"
}
article() { printf 'Title: %s\n\n%s is the story of the end-to-end test, told in one paragraph of plain text.\n' "$1" "$1"; }
