#!/usr/bin/env bash
# `npm test`: runs the Japa suites against real MySQL/MariaDB and Redis, and the browser suite in
# Debian's Chromium. On a fresh clone it installs what is missing first:
#   - node_modules (npm ci) when absent or older than package-lock.json, then re-runs itself so
#     Node 24 from node_modules/.bin is used;
#   - MySQL: DB_HOST/DB_PORT/DB_USER/DB_PASSWORD when set and reachable, else root@127.0.0.1:3306,
#     else a private MariaDB on 127.0.0.1:3307 in tmp/test-services (apt-get install
#     mariadb-server first when mariadbd is missing, root only); the database DB_DATABASE
#     (default brandline_test) is created with utf8mb4;
#   - Redis: REDIS_HOST/REDIS_PORT when set and reachable, else 127.0.0.1:6379, else a private
#     redis-server on 127.0.0.1:6380 (apt-get install redis-server first when missing);
#   - Chromium (apt-get install chromium) unless CHROMIUM_PATH is set or /usr/bin/chromium exists,
#     skipped when the selected suites leave out "browser";
#   - Kamailio and sipp (apt-get install kamailio kamailio-mysql-modules kamailio-utils-modules
#     kamailio-extra-modules sip-tester) when missing, skipped when the suites leave out "integration".
# Private instances keep running afterwards, so the next run is quick; `bash bin/services.sh stop`
# stops them. BL_PRIVATE_SERVICES=1 always uses the private instances.
# Arguments go to `node ace.js test`; suites by name or with --suites, e.g. `npm test -- --suites unit`,
# `npm test -- functional --files tests/functional/site.spec.ts`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BL_LOG_TAG="test"
# shellcheck source=bin/services.sh
source "$ROOT/bin/services.sh"

bl_ensure_deps "$ROOT/bin/test.sh" "$@"

# `node ace.js test` takes suites as positional arguments; --suites a,b (or --suites=a,b) is
# accepted here too and turned into them. SUITES collects the suites (those and the names before
# the first flag), ARGS keeps the rest.
SUITES=()
ARGS=()
expect=""
seen_flag=0
for arg in "$@"; do
  if [[ "$seen_flag" == "0" && "$arg" != -* ]]; then
    SUITES+=("$arg")
    continue
  fi
  seen_flag=1
  if [[ "$expect" == "suites" ]]; then
    IFS=',' read -r -a parts <<<"$arg"
    SUITES+=("${parts[@]}")
    expect=""
    continue
  fi
  case "$arg" in
    --suites=*)
      IFS=',' read -r -a parts <<<"${arg#--suites=}"
      SUITES+=("${parts[@]}")
      ;;
    --suites) expect="suites" ;;
    *) ARGS+=("$arg") ;;
  esac
done
[[ -z "$expect" ]] || bl_die "--suites needs a value, e.g. --suites unit,functional"

# Whether the browser suite will run: when no suite is named, or "browser" is, or a name is not a
# suite folder under tests/ (Chromium is then installed to be safe).
needs_browser() {
  ((${#SUITES[@]} == 0)) && return 0
  local suite
  for suite in "${SUITES[@]}"; do
    [[ "$suite" == "browser" || ! -d "$ROOT/tests/$suite" ]] && return 0
  done
  return 1
}

# Whether the integration suite (real Kamailio and sipp) will run: no suite named, or "integration" is.
needs_kamailio() {
  ((${#SUITES[@]} == 0)) && return 0
  local suite
  for suite in "${SUITES[@]}"; do
    [[ "$suite" == "integration" ]] && return 0
  done
  return 1
}

export DB_DATABASE="${DB_DATABASE:-brandline_test}"
bl_ensure_mysql
bl_create_database "$DB_DATABASE"
bl_log "MySQL: database $DB_DATABASE ready"
bl_ensure_redis
if needs_browser; then
  bl_ensure_chromium
fi
if needs_kamailio; then
  bl_ensure_kamailio
fi

export DB_CONNECTION=mysql DB_HOST DB_PORT DB_USER DB_PASSWORD DB_DATABASE
export REDIS_ENABLED=true REDIS_HOST REDIS_PORT

# Suites first: an array flag such as --files would swallow positional names after it.
CMD=(node ace.js test "${SUITES[@]}" "${ARGS[@]}")
bl_log "${CMD[*]}"
exec "${CMD[@]}"
