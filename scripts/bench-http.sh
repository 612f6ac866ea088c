#!/usr/bin/env bash
# HTTP benchmark of the release server with wrk on loopback, 64 connections:
#   1. GET /api/v1/health             a bare JSON endpoint in the same server (the reference)
#   2. GET /api/v1/me/balance         random demo people, each with their own session cookie
#   3. POST /api/v1/institution/pre-settlements   random 深圳 demo people, institution token
# Prints req/s, p50 and p99 of each and the ratios to the reference (`name=value` lines at the end), and the
# server's CPU time per request (user + system, from /proc): wrk shares the machine's cores with the server, so
# this says what a request costs the server when the wall-clock figures move with the machine.
# Usage: scripts/bench-http.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS=64
PORT="${PORT:-18080}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product yibao >/dev/null
BIN="$(swift build -c release --show-bin-path)/yibao"
WORK="$(mktemp -d)"
DB="$WORK/bench.sqlite"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Seed first (to learn the demo ID numbers), issue an institution token, then serve the seeded database.
"$BIN" --db "$DB" demo seed --json > "$WORK/people.json"
TOKEN="$("$BIN" --db "$DB" token issue --role institution --region 440300 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
YIBAO_LOG_LEVEL=warning "$BIN" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/api/v1/health" >/dev/null && break; sleep 0.1; done

python3 - "$WORK" "$BASE" "$TOKEN" <<'PY'
import json, sys, urllib.request
work, base, token = sys.argv[1:4]
people = json.load(open(f"{work}/people.json"))
cookies, persons = [], []
for p in people:
    req = urllib.request.Request(f"{base}/api/v1/session", method="POST",
        data=json.dumps({"idNumber": p["idNumber"], "password": p["password"]}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        cookies.append(r.headers["Set-Cookie"].split(";")[0])
bill = {"med_type": "11", "medins_lv": "2", "setl_date": "2025-12-18", "acct_used_flag": "1",
        "items": [{"feedetl_sn": "1", "med_list_codg": "DEMO1", "det_item_fee_sumamt": "300.00", "chrgitm_lv": "01"}]}
for p in people:
    body = dict(bill, psn_no=p["psnNo"])
    req = urllib.request.Request(f"{base}/api/v1/institution/pre-settlements", method="POST", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req) as r:
            if r.status == 200: persons.append(json.dumps(body))
    except urllib.error.HTTPError:
        pass  # other regions, suspended or terminated people: not what this benchmark measures
def lua_list(items): return "{" + ", ".join(json.dumps(i) for i in items) + "}"
open(f"{work}/balance.lua", "w").write(f"""
local cookies = {lua_list(cookies)}
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/v1/me/balance", {{["Cookie"] = cookies[math.random(#cookies)]}})
end
""")
open(f"{work}/presettle.lua", "w").write(f"""
local bodies = {lua_list(persons)}
math.randomseed(7)
request = function()
  return wrk.format("POST", "/api/v1/institution/pre-settlements",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer {token}"}}, bodies[math.random(#bodies)])
end
""")
print(f"signed in {len(cookies)} demo people; {len(persons)} of them pre-settle in 深圳")
PY

run() { # name, extra wrk arguments…
  local name="$1"; shift
  local t0 t1 requests cpu
  t0="$(awk '{print $14 + $15}' "/proc/$SERVER/stat")"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" > "$WORK/$name.txt"
  t1="$(awk '{print $14 + $15}' "/proc/$SERVER/stat")"
  local rps p50 p99 non2xx
  rps="$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")"
  p50="$(awk '$1 == "50%" {print $2}' "$WORK/$name.txt")"
  p99="$(awk '$1 == "99%" {print $2}' "$WORK/$name.txt")"
  non2xx="$(awk '/Non-2xx/ {print $5}' "$WORK/$name.txt")"
  requests="$(awk '/requests in/ {print $1}' "$WORK/$name.txt")"
  cpu="$(python3 -c "print('%.0f' % (($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / $requests))")"
  echo "$name rps=$rps p50=$p50 p99=$p99 non2xx=${non2xx:-0} server_cpu_us_per_request=$cpu"
  eval "RPS_$name=$rps"
}
run health "$BASE/api/v1/health"
run balance -s "$WORK/balance.lua" "$BASE/api/v1/me/balance"
run presettle -s "$WORK/presettle.lua" "$BASE/api/v1/institution/pre-settlements"
python3 -c "print('ratio_balance=%.2f ratio_presettle=%.2f' % ($RPS_balance / $RPS_health, $RPS_presettle / $RPS_health))"
