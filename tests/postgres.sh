#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for Pipeline's tests, on loopback only, in its own folder and port.
#
#   tests/postgres.sh start DIR [PORT]   install PostgreSQL from Debian if missing, initialise (first time) and start
#                                        a cluster in DIR (port default 5479);
#                                        prints an Npgsql connection string when ready
#   tests/postgres.sh stop DIR           stop it
set -euo pipefail
find_bin() { bin=""; for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && bin=$d; done; [ -n "$bin" ]; }
if ! find_bin; then
  if [ "${1:-}" = start ]; then
    echo "Installing postgresql from Debian…" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get install -y -q postgresql >/dev/null 2>&1 || { $sudo_cmd apt-get update -q >/dev/null 2>&1 || true; $sudo_cmd apt-get install -y -q postgresql >/dev/null 2>&1; } || true
  fi
  find_bin || { echo "PostgreSQL server binaries are not installed and could not be (apt-get install -y postgresql)." >&2; exit 1; }
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

case "${1:-}" in
  start)
    dir=${2:?usage: start DIR [PORT]}; port=${3:-5479}
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "'$bin/initdb' -D '$dir' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    as_owner "'$bin/pg_ctl' -D '$dir' -l '$dir/server.log' -w -t 60 -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null" \
      || { echo "PostgreSQL did not start; see $dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    dir=${2:?usage: stop DIR}; [ -d "$dir" ] || exit 0; dir=$(cd "$dir" && pwd)
    [ -f "$dir/postmaster.pid" ] || exit 0
    as_owner "'$bin/pg_ctl' -D '$dir' -m fast -w stop >/dev/null" || true
    ;;
  *) sed -n '2,7p' "$0" >&2; exit 2 ;;
esac
