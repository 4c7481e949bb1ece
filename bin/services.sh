#!/usr/bin/env bash
# Shared helpers for bin/test.sh, bin/bench.sh and bin/quickstart.sh: dependencies (Node 24 from
# node_modules), MySQL/MariaDB, Redis, Chromium, and Kamailio with sipp for the integration suite.
# Sourced by those scripts; also a small CLI:
#
#   bash bin/services.sh start    find or start MySQL and Redis, print the settings to use
#   bash bin/services.sh status   show the private instances this script started, if any
#   bash bin/services.sh stop     stop those private instances (data stays in tmp/test-services)
#
# Lookup order (the same for MySQL and Redis):
#   1. DB_HOST/DB_PORT/DB_USER/DB_PASSWORD (REDIS_HOST/REDIS_PORT/REDIS_PASSWORD) from the
#      environment, when any of them is set and the server answers;
#   2. a local server on 127.0.0.1:3306 as root with no password (127.0.0.1:6379);
#   3. a private instance under tmp/test-services on 127.0.0.1:3307 (6380), installing
#      mariadb-server / redis-server with apt-get first when they are missing (root only).
# BL_PRIVATE_SERVICES=1 skips steps 1 and 2. BL_MYSQL_PORT / BL_REDIS_PORT change the private
# ports. Private instances keep running after a test run so the next one starts at once.

BL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BL_SERVICES_DIR="$BL_ROOT/tmp/test-services"
BL_LOG_TAG="${BL_LOG_TAG:-brandline}"
BL_APT_UPDATED="${BL_APT_UPDATED:-0}"

bl_log() { printf '[%s] %s\n' "$BL_LOG_TAG" "$*"; }
bl_die() {
  printf '[%s] error: %s\n' "$BL_LOG_TAG" "$*" >&2
  exit 1
}

bl_is_root() { [[ "$(id -u)" == "0" ]]; }

# apt-get install (apt-get update once per run first); root only. Waits for a busy dpkg lock.
bl_apt_install() {
  bl_is_root || bl_die "need to install $* but not running as root: install it yourself (apt-get install -y $*)"
  command -v apt-get >/dev/null 2>&1 || bl_die "need $* but apt-get is not available: install it yourself"
  if [[ "$BL_APT_UPDATED" != "1" ]]; then
    bl_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null \
      || bl_die "apt-get update failed"
    BL_APT_UPDATED=1
  fi
  bl_log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null \
    || bl_die "apt-get install $* failed"
}

# ---------------------------------------------------------------------------------------------
# Node dependencies. Installs node_modules when missing or older than package-lock.json, then
# re-runs the calling script with node_modules/.bin (Node 24) first on PATH.
#   usage: bl_ensure_deps "$script_path" "$@"
bl_ensure_deps() {
  local script="$1"
  shift
  local marker="$BL_ROOT/node_modules/.package-lock.json"
  if [[ ! -x "$BL_ROOT/node_modules/.bin/node" || ! -f "$marker" ]] \
    || { [[ -f "$BL_ROOT/package-lock.json" ]] && [[ "$BL_ROOT/package-lock.json" -nt "$marker" ]]; }; then
    command -v npm >/dev/null 2>&1 || bl_die "npm is required to install the dependencies"
    if [[ -f "$BL_ROOT/package-lock.json" ]]; then
      bl_log "installing dependencies (npm ci)"
      mkdir -p "$BL_ROOT/tmp"
      if ! (cd "$BL_ROOT" && npm ci --no-audit --no-fund --loglevel=error >"$BL_ROOT/tmp/npm-ci.log" 2>&1); then
        # npm ci refuses a lock file it considers out of sync (e.g. an optional platform package
        # the registry does not have at the locked version); npm install copes and --no-save
        # leaves package-lock.json as it is.
        bl_log "npm ci failed (tmp/npm-ci.log); retrying with npm install --no-save"
        (cd "$BL_ROOT" && npm install --no-save --no-audit --no-fund --loglevel=error) \
          || bl_die "npm install failed"
      fi
    else
      bl_log "installing dependencies (npm install)"
      (cd "$BL_ROOT" && npm install --no-audit --no-fund --loglevel=error) || bl_die "npm install failed"
    fi
    touch "$marker"
  fi
  if [[ "$(command -v node 2>/dev/null)" != "$BL_ROOT/node_modules/.bin/node" ]]; then
    [[ "${BL_REEXECED:-}" == "1" ]] && bl_die "node_modules/.bin/node is not first on PATH after re-exec"
    export PATH="$BL_ROOT/node_modules/.bin:$PATH"
    export BL_REEXECED=1 BL_APT_UPDATED
    exec bash "$script" "$@"
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [[ "$major" -ge 24 ]] || bl_die "Node 24 expected from node_modules/.bin/node, found $(node -v)"
}

# A node one-liner run from the repo root, so it resolves packages from node_modules.
bl_node_eval() { (cd "$BL_ROOT" && node --input-type=module -e "$1"); }

# ---------------------------------------------------------------------------------------------
# MySQL / MariaDB

# Exit 0 when the server answers with these credentials. Arguments: host port user password.
bl_mysql_ping() {
  # shellcheck disable=SC2016 # JavaScript, expanded by node
  BL_Q_HOST="$1" BL_Q_PORT="$2" BL_Q_USER="$3" BL_Q_PASSWORD="$4" bl_node_eval '
    import mysql from "mysql2/promise"
    const e = process.env
    try {
      const c = await mysql.createConnection({ host: e.BL_Q_HOST, port: Number(e.BL_Q_PORT),
        user: e.BL_Q_USER, password: e.BL_Q_PASSWORD, connectTimeout: 3000 })
      await c.query("SELECT 1")
      await c.end()
    } catch (error) {
      console.error(`  ${e.BL_Q_USER}@${e.BL_Q_HOST}:${e.BL_Q_PORT}: ${error.code ?? error.message}`)
      process.exit(1)
    }' 2>&1 | sed "s/^/[$BL_LOG_TAG]/" >&2
  return "${PIPESTATUS[0]}"
}

# Creates the database (utf8mb4) unless it exists. Uses DB_HOST/DB_PORT/DB_USER/DB_PASSWORD.
bl_create_database() {
  local name="$1"
  [[ "$name" =~ ^[A-Za-z0-9_]+$ ]] || bl_die "database name must be letters, digits and _: $name"
  # shellcheck disable=SC2016 # JavaScript, expanded by node
  BL_Q_HOST="$DB_HOST" BL_Q_PORT="$DB_PORT" BL_Q_USER="$DB_USER" BL_Q_PASSWORD="$DB_PASSWORD" \
    BL_Q_DATABASE="$name" bl_node_eval '
    import mysql from "mysql2/promise"
    const e = process.env
    const c = await mysql.createConnection({ host: e.BL_Q_HOST, port: Number(e.BL_Q_PORT),
      user: e.BL_Q_USER, password: e.BL_Q_PASSWORD, connectTimeout: 5000 })
    try {
      await c.query(`CREATE DATABASE IF NOT EXISTS \`${e.BL_Q_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
    } catch (error) {
      /* No CREATE privilege is fine when the database is already there. */
      try { await c.query(`USE \`${e.BL_Q_DATABASE}\``) } catch {
        console.error(`cannot create or use database ${e.BL_Q_DATABASE}: ${error.message}`)
        process.exit(1)
      }
    }
    await c.end()' || bl_die "could not create database $name on $DB_HOST:$DB_PORT"
}

bl_mysql_socket() {
  local sock="$BL_SERVICES_DIR/mysql.sock"
  # Unix socket paths are limited to 107 bytes.
  if ((${#sock} > 100)); then sock="${TMPDIR:-/tmp}/brandline-mysql-$(id -u)-${BL_MYSQL_PORT:-3307}.sock"; fi
  printf '%s' "$sock"
}

bl_mysql_admin() {
  local admin
  admin="$(command -v mariadb-admin || command -v mysqladmin || true)"
  [[ -n "$admin" ]] || return 1
  "$admin" --no-defaults --socket="$(bl_mysql_socket)" -uroot --connect-timeout=2 "$@"
}

bl_pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

# Starts (or reuses) the private MariaDB on 127.0.0.1:${BL_MYSQL_PORT:-3307}.
bl_start_private_mysql() {
  local port="${BL_MYSQL_PORT:-3307}"
  local datadir="$BL_SERVICES_DIR/mysql"
  local pidfile="$BL_SERVICES_DIR/mysql.pid"
  local logfile="$BL_SERVICES_DIR/mysql.log"
  local sock
  sock="$(bl_mysql_socket)"
  mkdir -p "$BL_SERVICES_DIR"

  if bl_mysql_ping 127.0.0.1 "$port" root "" 2>/dev/null; then
    bl_log "MySQL: reusing the MariaDB on 127.0.0.1:$port"
    return 0
  fi
  [[ -x /usr/sbin/mariadbd ]] || command -v mariadbd >/dev/null 2>&1 || bl_apt_install mariadb-server
  local mariadbd
  mariadbd="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
  local user_args=()
  bl_is_root && user_args=(--user=root)

  if [[ ! -d "$datadir/mysql" ]]; then
    bl_log "MySQL: initialising a private MariaDB in ${datadir#"$BL_ROOT"/}"
    rm -rf "$datadir"
    mkdir -p "$datadir"
    mariadb-install-db --no-defaults --datadir="$datadir" --auth-root-authentication-method=normal \
      --skip-test-db "${user_args[@]}" >"$BL_SERVICES_DIR/mysql-install.log" 2>&1 \
      || bl_die "mariadb-install-db failed, see $BL_SERVICES_DIR/mysql-install.log"
  fi

  bl_log "MySQL: starting private MariaDB on 127.0.0.1:$port"
  rm -f "$pidfile"
  local args=(--no-defaults --datadir="$datadir" --socket="$sock" --bind-address=127.0.0.1
    --port="$port" --log-error="$logfile" --pid-file="$BL_SERVICES_DIR/mysql.server.pid"
    --skip-log-bin --innodb-buffer-pool-size=128M "${user_args[@]}")
  if command -v start-stop-daemon >/dev/null 2>&1; then
    start-stop-daemon --start --quiet --oknodo --background --make-pidfile --pidfile "$pidfile" \
      --exec "$mariadbd" -- "${args[@]}"
  else
    nohup "$mariadbd" "${args[@]}" >/dev/null 2>&1 &
    echo "$!" >"$pidfile"
  fi
  local i
  for ((i = 0; i < 300; i++)); do
    if bl_mysql_admin ping >/dev/null 2>&1 || bl_mysql_ping 127.0.0.1 "$port" root "" 2>/dev/null; then
      break
    fi
    bl_pid_alive "$pidfile" || bl_die "MariaDB exited during start-up: $(tail -n 5 "$logfile" 2>/dev/null)"
    sleep 0.1
  done
  bl_mysql_ping 127.0.0.1 "$port" root "" || bl_die "private MariaDB on port $port does not answer, see $logfile"
}

# Sets and exports DB_HOST DB_PORT DB_USER DB_PASSWORD for a server that answers.
bl_ensure_mysql() {
  if [[ "${BL_PRIVATE_SERVICES:-0}" != "1" ]]; then
    if [[ -n "${DB_HOST:-}${DB_PORT:-}${DB_USER:-}${DB_PASSWORD:-}" ]]; then
      local host="${DB_HOST:-127.0.0.1}" port="${DB_PORT:-3306}" user="${DB_USER:-root}" password="${DB_PASSWORD:-}"
      if bl_mysql_ping "$host" "$port" "$user" "$password"; then
        export DB_HOST="$host" DB_PORT="$port" DB_USER="$user" DB_PASSWORD="$password"
        bl_log "MySQL: using $user@$host:$port from the environment"
        return 0
      fi
      bl_log "MySQL: $user@$host:$port from the environment does not answer, looking further"
    fi
    if bl_mysql_ping 127.0.0.1 3306 root "" 2>/dev/null; then
      export DB_HOST=127.0.0.1 DB_PORT=3306 DB_USER=root DB_PASSWORD=""
      bl_log "MySQL: using root@127.0.0.1:3306"
      return 0
    fi
  fi
  bl_start_private_mysql
  export DB_HOST=127.0.0.1 DB_PORT="${BL_MYSQL_PORT:-3307}" DB_USER=root DB_PASSWORD=""
}

# ---------------------------------------------------------------------------------------------
# Redis

# Exit 0 when a Redis server answers PING (after AUTH when a password is given).
# Arguments: host port [password]. Plain bash /dev/tcp, so redis-cli is not needed.
bl_redis_ping() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    if [[ -n "${3:-}" ]]; then
      printf "AUTH %s\r\n" "$3" >&3
      IFS= read -r reply <&3 || exit 1
      [[ "$reply" == +OK* ]] || exit 1
    fi
    printf "PING\r\n" >&3
    IFS= read -r reply <&3 || exit 1
    [[ "$reply" == +PONG* ]]' bl_redis_ping "$1" "$2" "${3:-}" 2>/dev/null
}

bl_start_private_redis() {
  local port="${BL_REDIS_PORT:-6380}"
  mkdir -p "$BL_SERVICES_DIR"
  if bl_redis_ping 127.0.0.1 "$port"; then
    bl_log "Redis: reusing 127.0.0.1:$port"
    return 0
  fi
  command -v redis-server >/dev/null 2>&1 || bl_apt_install redis-server
  bl_log "Redis: starting a private redis-server on 127.0.0.1:$port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --dir "$BL_SERVICES_DIR" --pidfile "$BL_SERVICES_DIR/redis.pid" \
    --logfile "$BL_SERVICES_DIR/redis.log" || bl_die "redis-server failed to start"
  local i
  for ((i = 0; i < 100; i++)); do
    if bl_redis_ping 127.0.0.1 "$port"; then return 0; fi
    sleep 0.1
  done
  bl_die "private redis-server on port $port does not answer, see $BL_SERVICES_DIR/redis.log"
}

# Sets and exports REDIS_HOST REDIS_PORT for a server that answers.
bl_ensure_redis() {
  if [[ "${BL_PRIVATE_SERVICES:-0}" != "1" ]]; then
    if [[ -n "${REDIS_HOST:-}${REDIS_PORT:-}" ]]; then
      local host="${REDIS_HOST:-127.0.0.1}" port="${REDIS_PORT:-6379}"
      if bl_redis_ping "$host" "$port" "${REDIS_PASSWORD:-}"; then
        export REDIS_HOST="$host" REDIS_PORT="$port"
        bl_log "Redis: using $host:$port from the environment"
        return 0
      fi
      bl_log "Redis: $host:$port from the environment does not answer, looking further"
    fi
    if bl_redis_ping 127.0.0.1 6379; then
      export REDIS_HOST=127.0.0.1 REDIS_PORT=6379
      unset REDIS_PASSWORD
      bl_log "Redis: using 127.0.0.1:6379"
      return 0
    fi
  fi
  bl_start_private_redis
  export REDIS_HOST=127.0.0.1 REDIS_PORT="${BL_REDIS_PORT:-6380}"
  unset REDIS_PASSWORD
}

# ---------------------------------------------------------------------------------------------
# Chromium for the browser suite (tests/bootstrap.ts launches CHROMIUM_PATH or /usr/bin/chromium).
bl_ensure_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    [[ -x "$CHROMIUM_PATH" ]] || bl_die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
    bl_log "Chromium: $CHROMIUM_PATH"
    return 0
  fi
  if [[ ! -x /usr/bin/chromium ]]; then
    bl_is_root || bl_die "the browser suite needs Chromium: run 'apt-get install -y chromium' as root, or set CHROMIUM_PATH to a Chromium/Chrome binary"
    bl_apt_install chromium
    [[ -x /usr/bin/chromium ]] || bl_die "chromium was installed but /usr/bin/chromium is missing"
  fi
  bl_log "Chromium: /usr/bin/chromium"
}

# ---------------------------------------------------------------------------------------------
# Kamailio and sipp for the integration suite (tests/integration/kamailio_harness.ts starts them).
# The modules the cfg loads from the three module packages (db_mysql, http_client, jansson).
bl_kamailio_modules_present() {
  local module
  for module in db_mysql http_client jansson; do
    compgen -G "/usr/lib/*/kamailio/modules/$module.so" >/dev/null || compgen -G "/usr/lib/kamailio/modules/$module.so" >/dev/null || return 1
  done
}

bl_ensure_kamailio() {
  if { ! command -v kamailio >/dev/null 2>&1 && [[ ! -x /usr/sbin/kamailio ]]; } \
    || ! command -v sipp >/dev/null 2>&1 || ! bl_kamailio_modules_present; then
    bl_apt_install kamailio kamailio-mysql-modules kamailio-utils-modules kamailio-extra-modules sip-tester
  fi
  local kamailio
  kamailio="$(command -v kamailio || echo /usr/sbin/kamailio)"
  [[ -x "$kamailio" ]] || bl_die "kamailio was installed but is not on PATH"
  command -v sipp >/dev/null 2>&1 || bl_die "sip-tester was installed but sipp is not on PATH"
  bl_log "Kamailio: $("$kamailio" -v 2>/dev/null | head -n 1 | sed 's/^version: //; s/ *$//'), $(sipp -v 2>/dev/null | grep -o 'SIPp v[0-9.]*' | head -n 1)"
}

# ---------------------------------------------------------------------------------------------
bl_stop_private_services() {
  local pidfile="$BL_SERVICES_DIR/mysql.pid" i
  if bl_pid_alive "$pidfile"; then
    bl_log "stopping private MariaDB (pid $(cat "$pidfile"))"
    kill -TERM "$(cat "$pidfile")"
    for ((i = 0; i < 300; i++)); do bl_pid_alive "$pidfile" || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
  pidfile="$BL_SERVICES_DIR/redis.pid"
  if bl_pid_alive "$pidfile"; then
    bl_log "stopping private redis-server (pid $(cat "$pidfile"))"
    kill -TERM "$(cat "$pidfile")"
    for ((i = 0; i < 100; i++)); do bl_pid_alive "$pidfile" || break; sleep 0.1; done
  fi
}

bl_services_status() {
  local found=0
  if bl_pid_alive "$BL_SERVICES_DIR/mysql.pid"; then
    bl_log "private MariaDB running, pid $(cat "$BL_SERVICES_DIR/mysql.pid"), port ${BL_MYSQL_PORT:-3307}"
    found=1
  fi
  if bl_pid_alive "$BL_SERVICES_DIR/redis.pid"; then
    bl_log "private redis-server running, pid $(cat "$BL_SERVICES_DIR/redis.pid"), port ${BL_REDIS_PORT:-6380}"
    found=1
  fi
  [[ "$found" == "1" ]] || bl_log "no private instances running"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      bl_ensure_deps "$BL_ROOT/bin/services.sh" "$@"
      bl_ensure_mysql
      bl_ensure_redis
      printf 'DB_HOST=%s\nDB_PORT=%s\nDB_USER=%s\nREDIS_HOST=%s\nREDIS_PORT=%s\n' \
        "$DB_HOST" "$DB_PORT" "$DB_USER" "$REDIS_HOST" "$REDIS_PORT"
      ;;
    stop) bl_stop_private_services ;;
    status) bl_services_status ;;
    *)
      echo "usage: bash bin/services.sh start|stop|status" >&2
      exit 2
      ;;
  esac
fi
