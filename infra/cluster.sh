#!/usr/bin/env bash
# Runs Buurtbudget as a cluster on this machine: PostgreSQL and three nodes, each an API and an Orleans silo, the silos
# one Orleans cluster with its membership in PostgreSQL; nginx in front spreads requests round-robin, and Orleans routes
# each call to the one activation of its round, wherever it lives. All on loopback.
#
#   infra/cluster.sh up        install what is missing, build, start everything, wait until ready
#   infra/cluster.sh status    show whether each node is ready, and the silos as the membership table lists them
#   infra/cluster.sh down      stop everything (the data stays in the state directory)
#   infra/cluster.sh destroy   stop everything and remove the state directory
#
# Settings (environment): BUURTBUDGET_CLUSTER_DIR (state, default /tmp/buurtbudget-cluster),
# BUURTBUDGET_PROXY_PORT (default 5090), BUURTBUDGET_NODE_PORTS (default "5091 5092 5093"),
# BUURTBUDGET_SILO_PORTS (default "11111 11112 11113"), BUURTBUDGET_PG_PORT (default 55432),
# BUURTBUDGET_METRICS_PORTS (each node's management port, on which alone it answers /metrics for Prometheus; default
# "9465 9466 9467", bound to loopback and never behind the proxy; "" for none),
# BUURTBUDGET_SEEDS (seed directory loaded into an empty database; default the repository's seeds/, "" for none).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
state="${BUURTBUDGET_CLUSTER_DIR:-/tmp/buurtbudget-cluster}"
proxy_port="${BUURTBUDGET_PROXY_PORT:-5090}"
read -r -a node_ports <<< "${BUURTBUDGET_NODE_PORTS:-5091 5092 5093}"
pg_port="${BUURTBUDGET_PG_PORT:-55432}"
read -r -a silo_ports <<< "${BUURTBUDGET_SILO_PORTS:-11111 11112 11113}"
read -r -a metrics_ports <<< "${BUURTBUDGET_METRICS_PORTS-9465 9466 9467}"
cluster_id=buurtbudget
seeds="${BUURTBUDGET_SEEDS-$repo/seeds}"
pg_bin=/usr/lib/postgresql/15/bin
pg_user=postgres
database=buurtbudget
connection="Host=127.0.0.1;Port=$pg_port;Database=$database;Username=$pg_user"

say() { printf '[cluster] %s\n' "$*"; }
fail() { printf '[cluster] %s\n' "$*" >&2; exit 1; }

install_missing() {
  local missing=()
  [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || fail "Missing Debian packages: ${missing[*]}. Install them (apt-get install -y ${missing[*]}) or run as root."
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null 2>&1 || fail "The .NET 10 SDK (dotnet) is needed to build the API."
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

start_postgres() {
  local pgdata="$state/postgres"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    say "creating the PostgreSQL cluster in $pgdata"
    mkdir -p "$pgdata"
    [ "$(id -u)" -eq 0 ] && chown -R "$pg_user" "$state/postgres"
    # Loopback only, trusted: this cluster is for running several nodes on one machine, not for exposure.
    as_postgres "$pg_bin/initdb" -D "$pgdata" -U "$pg_user" --auth=trust -E UTF8 >/dev/null
  fi
  if as_postgres "$pg_bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    say "PostgreSQL already runs"
  else
    say "starting PostgreSQL on 127.0.0.1:$pg_port"
    as_postgres "$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pgdata -c synchronous_commit=on -c fsync=on" start >/dev/null
  fi
  if ! as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -tAc "select 1 from pg_database where datname='$database'" postgres | grep -q 1; then
    as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" "$database"
  fi
}

build_api() {
  say "building the API"
  dotnet publish "$repo/src/Buurtbudget.Api" -c Release -o "$state/app" --nologo -v quiet >/dev/null
}

# Every node must hash residents with the same key, or one resident would be two people on two nodes.
hash_key() {
  local file="$state/participant-hash-key"
  [ -f "$file" ] || { head -c 32 /dev/urandom | base64 > "$file"; chmod 600 "$file"; }
  cat "$file"
}

start_node() {
  local index=$1 port=$2 silo_port=$3 seed_dir=$4
  local dir="$state/node$index"
  # The management port (metrics) is a second address of the node's own: the proxy routes only to the first.
  local metrics_port="${metrics_ports[$((index - 1))]:-}"
  local urls="http://127.0.0.1:$port"
  if [ -n "$metrics_port" ]; then urls="$urls;http://127.0.0.1:$metrics_port"; fi
  mkdir -p "$dir"
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    say "node $index already runs on $port"
    return
  fi
  say "starting node $index on 127.0.0.1:$port (silo on $silo_port${metrics_port:+, metrics on $metrics_port})"
  (
    cd "$state/app"
    ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
    ASPNETCORE_URLS="$urls" \
    OpenTelemetry__Prometheus__ManagementPort="$metrics_port" \
    Storage__Provider=Postgres \
    Storage__ConnectionString="$connection" \
    Storage__DataDirectory="$dir" \
    Orleans__Clustering=Postgres \
    Orleans__ClusterId="$cluster_id" \
    Orleans__SiloPort="$silo_port" \
    Privacy__ParticipantHashKey="$(hash_key)" \
    Orleans__Dashboard__Enabled=true \
    Orleans__Dashboard__KeyDirectory="$state/dashboard-keys" \
    Seeds__Directory="$seed_dir" \
    nohup dotnet Buurtbudget.Api.dll >"$dir/node.log" 2>&1 &
    echo $! >"$dir/pid"
  )
}

wait_ready() {
  local url=$1 name=$2
  for _ in $(seq 1 120); do
    if curl -fsS "$url/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  fail "$name did not become ready at $url; see the logs in $state"
}

start_proxy() {
  local conf="$state/nginx.conf" servers=""
  for port in "${node_ports[@]}"; do servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'; done
  mkdir -p "$state/nginx"
  cat >"$conf" <<EOF
pid $state/nginx/nginx.pid;
error_log $state/nginx/error.log warn;
worker_processes 1;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $state/nginx/body;
  proxy_temp_path $state/nginx/proxy;
  fastcgi_temp_path $state/nginx/fastcgi;
  uwsgi_temp_path $state/nginx/uwsgi;
  scgi_temp_path $state/nginx/scgi;
  client_max_body_size 64k;

  # Round-robin: any node serves any round, because Orleans sends each call to the round's one activation.
  upstream buurtbudget {
$servers    keepalive 64;
  }

  server {
    listen 127.0.0.1:$proxy_port;
    # Everything goes to the nodes as it came, /dashboard too: the dashboard's ticket is a cookie for that path, set by
    # POST /api/admin/dashboard-ticket on one node and read on any other (they share its keys, see start_node).
    location / {
      proxy_pass http://buurtbudget;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      # The client's address, for the per-address rate limits (nodes trust it from loopback only).
      proxy_set_header X-Forwarded-For \$remote_addr;
      # The scheme the client used, so that the nodes know an HTTPS request as one (HSTS, the letters' address).
      proxy_set_header X-Forwarded-Proto \$scheme;
      # HSTS belongs to whoever ends TLS. This demo listens on plain HTTP on loopback, where browsers ignore it;
      # a deployment that adds 'listen 443 ssl' here sends it on every answer, errors included, and only once.
      proxy_hide_header Strict-Transport-Security;
      add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
      # A request moves to another node when its node cannot be reached or fails while answering. nginx resends only
      # idempotent methods: a ballot (PUT) may then arrive twice, which stores it once (the same ballot again is
      # answered from the stored one); a POST (a proposal, a spend) is never sent twice.
      proxy_next_upstream error;
      # Large answers (a whole event log, an export) pass through the buffers instead of a temporary file, which
      # workers running as another user than the master could not write in the state directory.
      proxy_max_temp_file_size 0;
    }
  }
}
EOF
  if [ -f "$state/nginx/nginx.pid" ] && kill -0 "$(cat "$state/nginx/nginx.pid")" 2>/dev/null; then
    nginx -c "$conf" -s reload
  else
    say "starting nginx on 127.0.0.1:$proxy_port"
    nginx -c "$conf"
  fi
}

up() {
  install_missing
  mkdir -p "$state"
  start_postgres
  # Publishing over the files of running nodes would pull them out from under those nodes.
  if ls "$state"/node*/pid >/dev/null 2>&1 && kill -0 $(cat "$state"/node*/pid) 2>/dev/null; then
    say "nodes already run; not rebuilding (run down first to pick up new code)"
  else
    build_api
  fi
  # The first node seeds an empty database; the others start once it is ready, so two nodes never seed at once.
  start_node 1 "${node_ports[0]}" "${silo_ports[0]}" "$seeds"
  wait_ready "http://127.0.0.1:${node_ports[0]}" "node 1"
  for i in "${!node_ports[@]}"; do
    [ "$i" -eq 0 ] && continue
    start_node $((i + 1)) "${node_ports[$i]}" "${silo_ports[$i]}" ""
  done
  for i in "${!node_ports[@]}"; do wait_ready "http://127.0.0.1:${node_ports[$i]}" "node $((i + 1))"; done
  start_proxy
  wait_ready "http://127.0.0.1:$proxy_port" "the proxy"
  say "up: http://127.0.0.1:$proxy_port (nodes ${node_ports[*]}, PostgreSQL $pg_port, state $state)"
}

down() {
  if [ -f "$state/nginx/nginx.pid" ] && kill -0 "$(cat "$state/nginx/nginx.pid")" 2>/dev/null; then
    say "stopping nginx"
    nginx -c "$state/nginx.conf" -s quit || true
  fi
  for dir in "$state"/node*; do
    [ -f "$dir/pid" ] || continue
    local pid; pid=$(cat "$dir/pid")
    if kill -0 "$pid" 2>/dev/null; then
      say "stopping $(basename "$dir")"
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid"
  done
  if [ -f "$state/postgres/PG_VERSION" ] && as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" status >/dev/null 2>&1; then
    say "stopping PostgreSQL"
    as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null
  fi
  say "down"
}

status() {
  for i in "${!node_ports[@]}"; do
    local port=${node_ports[$i]}
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then say "node $((i + 1)) on $port: ready"; else say "node $((i + 1)) on $port: not ready"; fi
    local metrics_port="${metrics_ports[$i]:-}"
    if [ -n "$metrics_port" ]; then
      if curl -fsS "http://127.0.0.1:$metrics_port/metrics" >/dev/null 2>&1; then say "  metrics on $metrics_port: answering"; else say "  metrics on $metrics_port: not answering"; fi
    fi
  done
  if curl -fsS "http://127.0.0.1:$proxy_port/health/live" >/dev/null 2>&1; then say "proxy on $proxy_port: up"; else say "proxy on $proxy_port: down"; fi
  # The silos as the cluster itself sees them: Orleans' membership table (its status codes: 1 created, 2 joining,
  # 3 active, 4 shutting down, 5 stopping, 6 dead).
  if [ -x "$pg_bin/psql" ] && as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" status >/dev/null 2>&1; then
    say "silos in cluster '$cluster_id':"
    as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d "$database" -X -q -P footer=off -c "
      SELECT address || ':' || port AS silo, silo_name AS name,
             CASE status WHEN 1 THEN 'created' WHEN 2 THEN 'joining' WHEN 3 THEN 'active' WHEN 4 THEN 'shutting down'
                         WHEN 5 THEN 'stopping' WHEN 6 THEN 'dead' ELSE status::text END AS status,
             to_char(start_time, 'YYYY-MM-DD HH24:MI:SS') AS started,
             round(extract(epoch FROM now() - i_am_alive_time))::text || ' s ago' AS last_alive
      FROM orleans_cluster_members WHERE deployment_id = '$cluster_id'
      ORDER BY status = 6, start_time DESC;" 2>/dev/null || say "(no membership table yet: no node has started)"
  else
    say "PostgreSQL is not running: no membership to show"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  destroy) down; rm -rf "$state"; say "removed $state" ;;
  *) echo "usage: $0 up|status|down|destroy" >&2; exit 2 ;;
esac
