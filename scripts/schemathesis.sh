#!/usr/bin/env bash
# Property-based API test: schemathesis against /openapi.yaml of a real `yibao serve` on a fresh demo
# database, a bounded number of examples per operation, once with the institution token and once with the
# operator token. Checks: no 500s, responses match the schema (status codes, content types, bodies).
# In CI (CI=true) a missing schemathesis is installed and a failure fails the run; elsewhere a missing
# tool skips with the reason.
# Usage: scripts/schemathesis.sh [examples per operation, default 25]   (YIBAO_BIN=path skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES="${1:-25}"
PORT="${PORT:-18180}"
if ! command -v schemathesis >/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    python3 -m pip install -q schemathesis
  else
    echo "schemathesis: skipped (not installed; pip install schemathesis)"
    exit 0
  fi
fi
[ -n "${YIBAO_BIN:-}" ] || swift build --product yibao >/dev/null
BIN="${YIBAO_BIN:-$(swift build --show-bin-path)/yibao}"
WORK="$(mktemp -d)"
DB="$WORK/api.sqlite"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" --db "$DB" demo seed > /dev/null
INSTITUTION="$("$BIN" --db "$DB" token issue --role institution --region 440300 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
OPERATOR="$("$BIN" --db "$DB" token issue --role operator --region 440300 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
YIBAO_LOG_LEVEL=warning "$BIN" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/api/v1/health" >/dev/null && break; sleep 0.1; done
status=0
for token in "$INSTITUTION" "$OPERATOR"; do
  schemathesis run "$BASE/openapi.yaml" --url "$BASE" --max-examples "$EXAMPLES" --seed 1 \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    -H "Authorization: Bearer $token" --no-color || status=1
done
if [ "$status" -ne 0 ]; then
  echo "schemathesis: failures (server log follows)"
  tail -50 "$WORK/serve.log"
fi
exit "$status"
