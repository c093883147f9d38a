#!/usr/bin/env python3
"""End-to-end smoke test of the real `rebound` binary: start it on a fresh SQLite file, use the API,
stop it with SIGTERM (it must exit 0), start it again and check nothing acknowledged was lost.

Usage: scripts/smoke_serve.py [path/to/rebound]   (default .build/debug/rebound)
"""
import json, os, signal, socket, subprocess, sys, tempfile, time, urllib.request, urllib.error

METRICS_TOKEN = "smoke-test-metrics-token-0123"

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/rebound"
PORT = 18089
BASE = f"http://127.0.0.1:{PORT}"
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("PASS " if condition else "FAIL ") + name + ("" if condition else f"  ({detail})"))


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw and raw[:1] in b"{[" else raw.decode()
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def start(database):
    env = dict(os.environ, REBOUND_BCRYPT_COST="4", REBOUND_LOG_LEVEL="warning", REBOUND_METRICS_TOKEN=METRICS_TOKEN)
    process = subprocess.Popen([BINARY, "serve", "--database", database, "--port", str(PORT)], env=env)
    for _ in range(100):
        try:
            if call("GET", "/health")[0] == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def stop(process):
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=20)


with tempfile.TemporaryDirectory() as directory:
    database = os.path.join(directory, "rebound.sqlite")
    server = start(database)
    status, setup = call("POST", "/api/v1/setup", {"teamName": "Smoke", "name": "Sam", "email": "sam@smoke.test", "password": "smoke test password"})
    check("setup creates the team", status == 201, setup)
    token = setup.get("token")
    status, account = call("POST", "/api/v1/accounts", {"name": "Globex"}, token)
    status, logged = call("POST", "/api/v1/interactions", {"accountId": account["id"], "kind": "call", "outcome": "bad"}, token)
    check("a bad call is logged", status == 201, logged)
    status, problem = call("POST", "/api/v1/interactions", {"accountId": account["id"], "kind": "fax", "outcome": "bad"}, token)
    check("bad input is a problem naming the field", status == 422 and problem.get("errors", [{}])[0].get("field") == "kind", problem)
    check("SIGTERM stops the server cleanly (exit 0)", stop(server) == 0)

    server = start(database)
    status, session = call("POST", "/api/v1/sessions", {"email": "sam@smoke.test", "password": "smoke test password"})
    check("login works after a restart", status == 201, session)
    status, queue = call("GET", "/api/v1/reflections?status=pending", token=session.get("token"))
    items = queue.get("items", []) if isinstance(queue, dict) else []
    check("the reflection owed for the bad call survived the restart",
          len(items) == 1 and items[0]["timeBoxMinutes"] == 30 and items[0]["interactionId"] == logged["interaction"]["id"], queue)
    try:
        urllib.request.urlopen(BASE + "/metrics", timeout=10)
        check("/metrics refuses a request without the operator's token", False)
    except urllib.error.HTTPError as error:
        check("/metrics refuses a request without the operator's token", error.code == 401, str(error.code))
    request = urllib.request.Request(BASE + "/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN})
    with urllib.request.urlopen(request, timeout=10) as response:
        metrics = response.read().decode()
    check("/metrics counts requests and reports the queue", "hb_requests" in metrics and "rebound_reflections_pending 1" in metrics, metrics[:300])
    # Requests the HTTP parser refuses never reach the router; they are problems all the same.
    for name, raw in [("a 100 KB URL", b"GET /api/v1/accounts?" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
                      ("a control character in a header", b"GET /health HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n")]:
        with socket.create_connection(("127.0.0.1", PORT), timeout=10) as connection:
            connection.sendall(raw)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        check(f"{name} is a 400 problem", answer.startswith(b"HTTP/1.1 400") and b"application/problem+json" in answer
              and b'"status":400' in answer, answer[:200])
    check("SIGTERM stops the restarted server cleanly", stop(server) == 0)

passed = sum(results)
print(f"smoke: {passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
