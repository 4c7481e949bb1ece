#!/usr/bin/env bash
# `npm run bench`: builds the app, runs the built server in production mode against MySQL and
# Redis (found or started the same way as for `npm test`, see bin/services.sh) on a free port,
# with a fresh brandline_bench database holding the demo data, then measures three routes with
# autocannon (bench/run.js): the bare /healthz, the acme landing page and the API profile.
# The server is stopped at the end. Figures are printed, nothing is asserted.
#
#   BENCH_CONNECTIONS (64), BENCH_DURATION (10 s), BENCH_WARMUP (3 s)   load settings
#   BENCH_DB_DATABASE (brandline_bench)   the database, dropped and re-created by migration:fresh
#   BENCH_SKIP_BUILD=1                    reuse an existing build/ instead of rebuilding
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BL_LOG_TAG="bench"
# shellcheck source=bin/services.sh
source "$ROOT/bin/services.sh"

bl_ensure_deps "$ROOT/bin/bench.sh" "$@"

LOG_DIR="$ROOT/tmp/bench"
mkdir -p "$LOG_DIR"

bl_ensure_mysql
bl_ensure_redis
# Never the database of the environment: migration:fresh drops every table in it.
DB_DATABASE="${BENCH_DB_DATABASE:-brandline_bench}"
bl_create_database "$DB_DATABASE"

if [[ "${BENCH_SKIP_BUILD:-0}" == "1" && -f "$ROOT/build/bin/server.js" ]]; then
  bl_log "reusing build/"
else
  bl_log "building (node ace.js build), log in tmp/bench/build.log"
  node ace.js build --ignore-ts-errors >"$LOG_DIR/build.log" 2>&1 \
    || bl_die "build failed: $(tail -n 20 "$LOG_DIR/build.log")"
fi
# The build runs with the repo's node_modules instead of a second `npm ci --omit=dev` in build/.
[[ -e "$ROOT/build/node_modules" ]] || ln -s ../node_modules "$ROOT/build/node_modules"
# In production app.tmpPath() is build/tmp.
mkdir -p "$ROOT/build/tmp"

PORT="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')"
APP_KEY="$(node -p 'require("node:crypto").randomBytes(24).toString("base64url")')"
export NODE_ENV=production APP_KEY PORT HOST=127.0.0.1 LOG_LEVEL=warn PLATFORM_DOMAIN=localhost
export DB_CONNECTION=mysql DB_HOST DB_PORT DB_USER DB_PASSWORD DB_DATABASE
export REDIS_ENABLED=true REDIS_HOST REDIS_PORT REDIS_PREFIX="${REDIS_PREFIX:-bench}"
export MAIL_MAILER=log

bl_log "fresh schema and demo data in $DB_DATABASE on $DB_HOST:$DB_PORT, log in tmp/bench/setup.log"
(cd "$ROOT/build" && node ace.js migration:fresh --force && node ace.js brandline:demo) \
  >"$LOG_DIR/setup.log" 2>&1 || bl_die "migration or seeding failed: $(tail -n 20 "$LOG_DIR/setup.log")"

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    bl_log "server stopped"
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

bl_log "starting build/bin/server.js on 127.0.0.1:$PORT (production), log in tmp/bench/server.log"
(cd "$ROOT/build" && exec node bin/server.js) >"$LOG_DIR/server.log" 2>&1 &
SERVER_PID=$!

ready=0
for ((i = 0; i < 300; i++)); do
  kill -0 "$SERVER_PID" 2>/dev/null || bl_die "the server exited: $(tail -n 20 "$LOG_DIR/server.log")"
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.1
done
[[ "$ready" == "1" ]] || bl_die "the server did not listen on port $PORT within 30 s"

BENCH_URL="http://127.0.0.1:$PORT" node "$ROOT/bench/run.js"
