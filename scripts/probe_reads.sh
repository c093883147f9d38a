#!/bin/bash
# Single warm requests against an existing database: the best of seven of each read endpoint and page,
# in ms. For a database kept by bench.py --keep (a million interactions) or made by `rebound generate`.
#   scripts/probe_reads.sh BINARY DATABASE PORT REP_EMAIL
# All traffic stays on 127.0.0.1. Needs curl and python3.
set -euo pipefail
BIN=$1; DB=$2; PORT=$3; EMAIL=$4
BASE="http://127.0.0.1:$PORT"
REBOUND_LOG_LEVEL=error "$BIN" serve --database "$DB" --port "$PORT" > /dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 50); do curl -sf "$BASE/health" > /dev/null && break; sleep 0.2; done
# A bearer token for the API and a session cookie for the pages (through the login form, with its CSRF token).
read -r COOKIE TOKEN < <(python3 - "$PORT" "$EMAIL" <<'PY'
import http.client, json, re, sys, urllib.parse
port, email = int(sys.argv[1]), sys.argv[2]
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("GET", "/login"); r = c.getresponse(); body = r.read()
cookies = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"]
csrf = re.search(rb'name="_csrf" value="([^"]+)"', body).group(1).decode()
form = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": "rebound-bench-password"})
c.request("POST", "/login", body=form, headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)})
r = c.getresponse(); r.read()
cookies = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"] or cookies
c.request("POST", "/api/v1/sessions", body=json.dumps({"email": email, "password": "rebound-bench-password"}), headers={"Content-Type": "application/json"})
print("; ".join(cookies), json.loads(c.getresponse().read())["token"])
PY
)
first() { curl -sf -H "Authorization: Bearer $TOKEN" "$BASE$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['items'][0]['$2'])"; }
ACCOUNT=$(first "/api/v1/interactions?outcome=bad&limit=1" accountId)
DEBRIEF=$(first "/api/v1/debriefs?limit=1" id)
probe() { # name, path, header
  local best=""
  for _ in 1 2 3 4 5 6 7; do
    local t; t=$(curl -sf -o /dev/null -w "%{time_total}" -H "$3" "$BASE$2")
    best=$(python3 -c "print(min(float('$t') * 1000, float('${best:-inf}')))")
  done
  printf "| %-22s | %8.2f |\n" "$1" "$best"
}
API="Authorization: Bearer $TOKEN"; WEB="Cookie: $COOKIE"
echo "| what | ms |"; echo "|---|---|"
probe "queue" "/api/v1/reflections?status=pending" "$API"
probe "brief" "/api/v1/accounts/$ACCOUNT/brief" "$API"
probe "search" "/api/v1/search?q=pricing" "$API"
probe "similar answers" "/api/v1/questions/similar?text=Can%20you%20do%20SSO" "$API"
probe "account history" "/api/v1/accounts/$ACCOUNT/history" "$API"
probe "account list" "/api/v1/accounts" "$API"
probe "question library" "/api/v1/questions" "$API"
probe "debrief workspace" "/api/v1/debriefs/$DEBRIEF" "$API"
probe "insights (cached)" "/api/v1/insights" "$API"
# Each request a period of its own (its start a minute and a second earlier than the last, from one
# fixed moment), so none is served from the cache.
best=""
NOW=$(date -u +%s)
for i in 1 2 3 4 5 6 7; do
  from=$(python3 -c "import datetime as d; print((d.datetime.fromtimestamp($NOW - 12 * 7 * 86400 - 61 * $i, d.timezone.utc)).strftime('%Y-%m-%dT%H:%M:%SZ'))")
  t=$(curl -sf -o /dev/null -w "%{time_total}" -H "$API" "$BASE/api/v1/insights?from=$from")
  best=$(python3 -c "print(min(float('$t') * 1000, float('${best:-inf}')))")
done
printf "| %-22s | %8.2f |\n" "insights (uncached)" "$best"
probe "page: insights" "/insights" "$WEB"
probe "page: home" "/" "$WEB"
probe "page: brief" "/accounts/$ACCOUNT/brief" "$WEB"
probe "page: debrief" "/debriefs/$DEBRIEF" "$WEB"
probe "page: search" "/search?q=pricing" "$WEB"
