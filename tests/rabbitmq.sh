#!/usr/bin/env bash
# A private RabbitMQ node for Pipeline's tests, on loopback only, with its own data folder and ports,
# so it never collides with a broker already running on the machine.
#
#   tests/rabbitmq.sh install            install rabbitmq-server from Debian if it is missing
#   tests/rabbitmq.sh start DIR [PORT]   start a node keeping its state in DIR (AMQP on PORT, default 5679;
#                                        management API on PORT+10000); prints the AMQP URI when ready
#   tests/rabbitmq.sh stop DIR           stop that node
set -euo pipefail

cmd=${1:-}
rabbit_bin() {
  for p in "$(command -v rabbitmq-server 2>/dev/null || true)" /usr/sbin/rabbitmq-server /usr/lib/rabbitmq/bin/rabbitmq-server; do
    [ -n "$p" ] && [ -x "$p" ] && { dirname "$p"; return 0; }
  done
  return 1
}

case "$cmd" in
  install)
    if rabbit_bin >/dev/null; then exit 0; fi
    echo "Installing rabbitmq-server from Debian (its post-install start fails without systemd; that is harmless)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y -q rabbitmq-server >/dev/null 2>&1 \
      || { $sudo_cmd apt-get update -q >/dev/null 2>&1 || true; $sudo_cmd apt-get install -y -q rabbitmq-server >/dev/null 2>&1; } \
      || true
    rabbit_bin >/dev/null || { echo "rabbitmq-server could not be installed (apt-get install -y rabbitmq-server failed)." >&2; exit 1; }
    # The package's own start attempt may have left a node running; ours uses different ports and a different name.
    ;;
  start)
    dir=${2:?usage: start DIR [PORT]}; port=${3:-5679}
    bin=$(rabbit_bin) || { echo "rabbitmq-server is not installed; run: tests/rabbitmq.sh install" >&2; exit 1; }
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    node="pipeline-tests-$port@localhost"
    cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$port
management.tcp.port = $((port + 10000))
management.tcp.ip = 127.0.0.1
loopback_users.guest = true
log.console = false
log.file.level = warning
CONF
    echo "[rabbitmq_management]." > "$dir/enabled_plugins"
    export RABBITMQ_NODENAME=$node RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
      RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/rabbit.pid" \
      RABBITMQ_DIST_PORT=$((port + 20000)) RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    mkdir -p "$dir/mnesia" "$dir/log"; rm -f "$dir/rabbit.pid"
    # Debian's wrapper runs the node as the 'rabbitmq' user when started by root: it must own its folder.
    if [ "$(id -u)" -eq 0 ] && id rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$dir"; fi
    "$bin/rabbitmq-server" -detached >/dev/null 2>&1
    if ! "$bin/rabbitmqctl" -n "$node" wait --timeout 90 "$dir/rabbit.pid" >/dev/null 2>&1; then
      echo "RabbitMQ node $node did not start within 90 s; its log is in $dir/log." >&2
      exit 1
    fi
    # The management API answers a little after the node is up.
    for _ in $(seq 1 60); do
      curl -fsS -u guest:guest "http://127.0.0.1:$((port + 10000))/api/overview" >/dev/null 2>&1 && break
      sleep 0.5
    done
    echo "amqp://guest:guest@127.0.0.1:$port/"
    ;;
  stop)
    dir=${2:?usage: stop DIR}; dir=$(cd "$dir" && pwd)
    bin=$(rabbit_bin) || exit 0
    port=$(sed -n 's/^listeners.tcp.default = 127.0.0.1:\([0-9]*\)$/\1/p' "$dir/rabbitmq.conf" 2>/dev/null)
    [ -n "$port" ] || exit 0
    "$bin/rabbitmqctl" -n "pipeline-tests-$port@localhost" shutdown >/dev/null 2>&1 || true
    ;;
  *)
    sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
