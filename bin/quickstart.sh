#!/usr/bin/env bash
# `npm start`: the embedded quickstart. Installs the dependencies when missing, writes a .env for
# development (fresh APP_KEY) when there is none, migrates the SQLite database in
# tmp/, seeds the demo brands into an empty database and serves the app from its TypeScript
# sources on HOST:PORT (default 0.0.0.0:3333). No asset build step: the CSS in public/ is plain
# CSS served as is.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BL_LOG_TAG="quickstart"
# shellcheck source=bin/services.sh
source "$ROOT/bin/services.sh"

bl_ensure_deps "$ROOT/bin/quickstart.sh" "$@"

if [[ ! -f .env ]]; then
  app_key="$(node -p 'require("node:crypto").randomBytes(24).toString("base64url")')"
  (umask 077 && printf 'NODE_ENV=development\nAPP_KEY=%s\n' "$app_key" >.env)
  bl_log "wrote .env (development, new APP_KEY)"
fi
mkdir -p tmp

export PORT="${PORT:-3333}"
export HOST="${HOST:-0.0.0.0}"
# No separate worker in the quickstart: the web process runs the background jobs.
export WORKERS_INLINE="${WORKERS_INLINE:-true}"

bl_log "migrating the database"
node ace.js migration:run --force
node ace.js brandline:demo

bl_log "serving on http://$HOST:$PORT (Ctrl+C stops)"
exec node bin/serve.js
