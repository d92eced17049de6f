# A throwaway PostgreSQL server on loopback, for the load scripts. Source this file, then:
#   start_postgres DIR   starts a fresh cluster in DIR and sets PG_CONNECTION_STRING (database "buurtbudget")
#   stop_postgres        stops it (immediate) and removes DIR
# Binaries come from $BUURTBUDGET_PG_BIN, else /usr/lib/postgresql/15/bin, else the newest installed; as root the
# Debian package is installed when missing. PostgreSQL refuses to run as root, so as root the server runs as the
# unprivileged "postgres" user (the package creates it). Unlike the test fixture, fsync stays on: these scripts
# measure durable commits and must pay what production pays.

PG_ROOT=""
PG_BIN=""
PG_AS=()

find_postgres_binaries() {
  local candidate
  for candidate in "${BUURTBUDGET_PG_BIN:-}" /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      PG_BIN="$candidate"
      return 0
    fi
  done
  return 1
}

start_postgres() {
  PG_ROOT="$1"
  if ! find_postgres_binaries; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL's server binaries were not found; install them with: sudo apt-get install -y postgresql" >&2
      return 1
    fi
    echo "Installing PostgreSQL (Debian package postgresql)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends postgresql >/dev/null
    find_postgres_binaries || { echo "PostgreSQL is still missing after apt-get install." >&2; return 1; }
  fi

  mkdir -p "$PG_ROOT/socket"
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || { echo "Running as root needs the system user 'postgres' (apt-get install postgresql creates it)." >&2; return 1; }
    chown -R postgres: "$PG_ROOT"
    PG_AS=(runuser -u postgres --)
  fi

  # trust on loopback only: a throwaway cluster reachable from this machine alone.
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$PG_ROOT/initdb.log" 2>&1 \
    || { cat "$PG_ROOT/initdb.log" >&2; return 1; }

  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      continue   # something listens there already
    fi
    if "${PG_AS[@]}" "$PG_BIN/pg_ctl" start -w -t 60 -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" \
         -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$PG_ROOT/socket' -c max_connections=200 -c log_min_messages=warning" \
         >/dev/null 2>&1; then
      "${PG_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres buurtbudget
      PG_CONNECTION_STRING="Host=127.0.0.1;Port=$port;Username=postgres;Database=buurtbudget"
      export PG_CONNECTION_STRING
      return 0
    fi
  done
  echo "PostgreSQL did not start:" >&2
  tail -n 20 "$PG_ROOT/server.log" >&2 || true
  return 1
}

stop_postgres() {
  if [ -n "$PG_ROOT" ] && [ -d "$PG_ROOT/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" stop -w -t 60 -m immediate -D "$PG_ROOT/data" >/dev/null 2>&1 || true
  fi
  [ -n "$PG_ROOT" ] && rm -rf "$PG_ROOT"
  PG_ROOT=""
}
