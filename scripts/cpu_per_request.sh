#!/bin/bash
# Server CPU time per request, for comparing two binaries on a shared machine where throughput is noisy
# (docs/BENCHMARKS.md). Serves DB with BINARY on 127.0.0.1:PORT, logs in as EMAIL (a `rebound generate`
# rep, password rebound-bench-password), then runs wrk against the reflection queue, durable writes and
# edits of one reflection, and divides the server's utime+stime (from /proc) by the requests completed.
#
#   scripts/cpu_per_request.sh .build/release/rebound /tmp/copy.sqlite 18431 rep1@bench42-….example
set -euo pipefail
B=$1; DB=$2; P=$3; EMAIL=$4
export REBOUND_LOG_LEVEL=error REBOUND_BCRYPT_COST=4
"$B" serve --database "$DB" --port "$P" > /dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s "127.0.0.1:$P/health" > /dev/null && break; sleep 0.1; done
T=$(curl -s -X POST "127.0.0.1:$P/api/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"rebound-bench-password\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')
A=$(curl -s "127.0.0.1:$P/api/v1/interactions?outcome=bad&limit=1" -H "Authorization: Bearer $T" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["items"][0]["accountId"])')
R=$(curl -s "127.0.0.1:$P/api/v1/reflections?status=pending&limit=1" -H "Authorization: Bearer $T" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["items"][0]["id"])')
EDIT=$(mktemp --suffix=.lua)
printf 'wrk.method = "PATCH"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' \
    "'{\"whatWentWell\":\"Clear agenda, asked about budget\"}'" > "$EDIT"
LUA=$(mktemp --suffix=.lua)
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' \
    "'{\"accountId\":\"$A\",\"kind\":\"call\",\"outcome\":\"good\",\"summary\":\"bench\"}'" > "$LUA"
QUEUE="http://127.0.0.1:$P/api/v1/reflections?status=pending"
wrk -t1 -c4 -d2s -H "Authorization: Bearer $T" "$QUEUE" > /dev/null 2>&1   # warm up
ticks() { awk '{print $14+$15}' "/proc/$PID/stat"; }
for what in queue writes edits; do
    start=$(ticks)
    if [ "$what" = queue ]; then
        n=$(wrk -t1 -c4 -d5s -H "Authorization: Bearer $T" "$QUEUE" 2>&1 | awk '/requests in/ {print $1}')
    elif [ "$what" = writes ]; then
        n=$(wrk -t1 -c4 -d5s -s "$LUA" -H "Authorization: Bearer $T" "http://127.0.0.1:$P/api/v1/interactions" 2>&1 | awk '/requests in/ {print $1}')
    else
        n=$(wrk -t1 -c1 -d5s -s "$EDIT" -H "Authorization: Bearer $T" "http://127.0.0.1:$P/api/v1/reflections/$R" 2>&1 | awk '/requests in/ {print $1}')
    fi
    end=$(ticks)
    # /proc counts in clock ticks of 1/100 s.
    python3 -c "print(f'$what: {($end - $start) * 10 / $n:.3f} ms CPU per request ({$n} requests)')"
done
rm -f "$LUA" "$EDIT"
