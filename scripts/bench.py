#!/usr/bin/env python3
"""Benchmarks Rebound's release build on 127.0.0.1 and prints a table.

For each size: generate a synthetic team (`rebound generate`), serve it, and drive read endpoints with
wrk (req/s, p50, p99), durable writes (POST /interactions, each a committed transaction), and a CSV
import (rows/s and peak memory from /usr/bin/time). Needs wrk (apt-get install wrk).

    swift build -c release --product rebound
    python3 scripts/bench.py --interactions 10000 [--duration 10] [--postgres postgres://…]

Before and after a change, in one run: build the old commit's binary somewhere, then

    python3 scripts/bench.py --compare /tmp/rebound-before [--interactions 10000]

Both binaries serve copies of the same generated SQLite database, one after the other, and a last
table puts each row side by side with the change in per cent.
"""
import argparse, json, os, re, subprocess, sys, tempfile, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/rebound")
parser.add_argument("--interactions", type=int, nargs="+", default=[10000])
parser.add_argument("--duration", type=int, default=10)
parser.add_argument("--connections", type=int, default=16)
parser.add_argument("--import-rows", type=int, default=20000)
parser.add_argument("--postgres", help="also run on this (empty) PostgreSQL database URL")
parser.add_argument("--rounds", type=int, default=4, help="with --compare: runs of each binary, alternating; the best of each is compared")
parser.add_argument("--compare", help="another rebound binary (e.g. the previous commit's) to run on a copy of the same database")
parser.add_argument("--keep", help="keep generated databases in this directory and reuse them on the next run (a million interactions take minutes to generate)")
args = parser.parse_args()
PORT = 18181
BASE = f"http://127.0.0.1:{PORT}"
ENV = dict(os.environ, REBOUND_BCRYPT_COST="4", REBOUND_LOG_LEVEL="error")


def call(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, data=json.dumps(body).encode() if body else None, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def wrk(path, token, script=None):
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "-H", f"Authorization: Bearer {token}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [BASE + path], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)

    def percentile(p):
        match = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", output)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return rps, percentile(50), percentile(99), int(errors.group(1)) if errors else 0


def number(text):
    return float(str(text).split()[0].replace(",", ""))


def run(label, database, sidecar=None, binary=None):
    binary = binary or args.binary
    rows = []
    generate_seconds = None
    if sidecar and os.path.exists(sidecar):
        email = open(sidecar).read().strip()
    else:
        started = time.time()
        generated = subprocess.run([binary, "generate", "--interactions", str(size), "--database", database], env=ENV, capture_output=True, text=True, check=True).stdout
        generate_seconds = time.time() - started
        email = re.search(r"log in as (\S+) ", generated).group(1)
        if sidecar:
            open(sidecar, "w").write(email)
    server = subprocess.Popen([binary, "serve", "--database", database, "--port", str(PORT)], env=ENV)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        token = call("POST", "/api/v1/sessions", {"email": email, "password": "rebound-bench-password"})["token"]
        bad = call("GET", "/api/v1/interactions?outcome=bad&limit=1", token=token)["items"][0]
        account = bad["accountId"]
        debrief = call("GET", "/api/v1/debriefs?limit=1", token=token)["items"][0]["id"]
        # Each request asks for a different period, so none is served from the insights cache.
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as uncached:
            uncached.write('request = function()\n'
                           '  local to = os.time() - math.random(0, 30000000)\n'
                           '  return wrk.format("GET", "/api/v1/insights?to=" .. os.date("!%Y-%m-%dT%H:%M:%SZ", to))\n'
                           'end\n')
        endpoints = [
            ("/health", "/health", None), ("queue", "/api/v1/reflections?status=pending", None),
            ("brief", f"/api/v1/accounts/{account}/brief", None), ("search", "/api/v1/search?q=pricing", None),
            ("account history", f"/api/v1/accounts/{account}/history", None),
            ("debrief workspace", f"/api/v1/debriefs/{debrief}", None), ("question library", "/api/v1/questions", None),
            ("similar answers", "/api/v1/questions/similar?text=Can%20you%20do%20SSO", None), ("account list", "/api/v1/accounts", None),
            ("insights (cached a minute)", "/api/v1/insights", None), ("insights uncached", "/api/v1/insights", uncached.name),
        ]
        health = None
        for name, path, script in endpoints:
            rps, p50, p99, errors = wrk(path, token, script)
            health = health or rps
            rows.append((label, size, name, f"{rps:,.0f}", f"{p50:.2f}", f"{p99:.2f}", f"{100 * rps / health:.0f} %", errors))
        # Writes go to an account of their own: on a kept database, thousands of calls logged to the
        # measured account would make its brief and history heavier with every run.
        writes_account = call("POST", "/api/v1/accounts", {"name": f"Bench writes {time.time_ns()}"}, token=token)["id"]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            body = json.dumps({"accountId": writes_account, "kind": "call", "outcome": "good", "summary": "bench"})
            script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n')
        rps, p50, p99, errors = wrk("/api/v1/interactions", token, script.name)
        rows.append((label, size, "durable writes", f"{rps:,.0f}", f"{p50:.2f}", f"{p99:.2f}", "", errors))
    finally:
        server.terminate()
        server.wait(timeout=30)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as csv:
        csv.write("crmId,name,account,amount,closeDate,status,lostReason\n")
        stamp = int(time.time())  # fresh CRM ids, so a reused database imports new deals
        for i in range(args.import_rows):
            csv.write(f'BENCH-{stamp}-{i},Deal {i},Import Account {i % 500},"${(i % 90 + 10) * 1000:,}.00",2026-11-{i % 28 + 1:02d},{"Closed Lost" if i % 10 == 0 else "Prospecting"},{"Price" if i % 10 == 0 else ""}\n')
    started = time.time()
    timed = subprocess.run(["/usr/bin/time", "-v", binary, "import", "csv", csv.name, "--as", email, "--no-debriefs", "--database", database], env=ENV, capture_output=True, text=True)
    seconds = time.time() - started
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timed.stderr).group(1)) // 1024
    rows.append((label, size, f"import {args.import_rows:,} rows", f"{args.import_rows / seconds:,.0f} rows/s", "", "", f"peak {peak} MiB", timed.returncode))
    if generate_seconds:
        rows.append((label, size, f"generate {size:,}", f"{size / generate_seconds:,.0f} interactions/s", "", "", "", 0))
    return rows


table = []
pairs = []
for size in args.interactions:
    directory = args.keep or tempfile.mkdtemp(prefix="rebound-bench-")
    os.makedirs(directory, exist_ok=True)
    sqlite = os.path.join(directory, f"bench-{size}.sqlite")
    if args.compare:
        import shutil
        # Generated once, by the older binary (its schema is the one both understand), then copied.
        sidecar = sqlite + ".email"
        started = time.time()
        generated = subprocess.run([args.compare, "generate", "--interactions", str(size), "--database", sqlite], env=ENV, capture_output=True, text=True, check=True).stdout
        print(f"generated {size:,} interactions in {time.time() - started:.0f} s", file=sys.stderr)
        open(sidecar, "w").write(re.search(r"log in as (\S+) ", generated).group(1))
        # Copied before either run writes, so both start from the same rows.
        after_copy = os.path.join(directory, f"bench-{size}-after.sqlite")
        shutil.copyfile(sqlite, after_copy)
        shutil.copyfile(sidecar, after_copy + ".email")
        # Alternating runs, best of each: this machine's run-to-run noise is larger than most changes.
        best = {}
        for round in range(args.rounds):
            order = (("before", sqlite, args.compare), ("after", after_copy, args.binary))
            # Each binary goes first in every other round: whichever runs second was measured slower.
            for label, database, binary in (order if round % 2 == 0 else order[::-1]):
                rows = run(f"SQLite {label}", database, database + ".email", binary=binary)
                table += rows
                for row in rows:
                    key = (label, row[2])
                    if key not in best or number(row[3]) > number(best[key]):
                        best[key] = row[3]
        whats = [row[2] for row in table if row[0] == "SQLite before"][: len(table) // (2 * args.rounds)]
        pairs += [(size, what, best[("before", what)], best[("after", what)]) for what in whats]
        continue
    table += run("SQLite", sqlite, sqlite + ".email" if args.keep else None)
    if args.postgres:
        table += run("PostgreSQL", args.postgres, os.path.join(directory, f"bench-{size}.postgres.email") if args.keep else None)

header = ("database", "interactions", "what", "req/s", "p50 ms", "p99 ms", "vs /health", "errors")
widths = [max(len(str(row[i])) for row in table + [header]) for i in range(len(header))]
for row in [header] + table:
    print(" | ".join(str(value).ljust(width) for value, width in zip(row, widths)))

if pairs:
    print()
    compared = [("interactions", "what", "before", "after", "change")]
    for size, what, before, after in pairs:
        compared.append((size, what, before, after, f"{100 * (number(after) - number(before)) / number(before):+.0f} %"))
    widths = [max(len(str(row[i])) for row in compared) for i in range(5)]
    for row in compared:
        print(" | ".join(str(value).ljust(width) for value, width in zip(row, widths)))
