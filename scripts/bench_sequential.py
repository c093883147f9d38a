#!/usr/bin/env python3
"""One user, one request at a time: the latency a person feels, not the throughput of a crowd.

Generates a team (`rebound generate`), serves it, and sends each request sequentially over one
keep-alive connection (API with a bearer token, pages with a session cookie), then prints p50 and p99
per operation. Issue 15's targets: create, edit, add a question and get <= 1 ms p50; API lists, the
queue and search <= 2 ms; every HTML page <= 5 ms.

    swift build -c release --product rebound
    python3 scripts/bench_sequential.py [--binary .build/release/rebound] [--interactions 1000] [--requests 200]

Traffic goes to 127.0.0.1 only.
"""
import argparse, http.client, json, os, re, statistics, subprocess, tempfile, time, urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/rebound")
parser.add_argument("--interactions", type=int, default=1000)
parser.add_argument("--requests", type=int, default=200, help="sequential requests per operation")
parser.add_argument("--port", type=int, default=18460)
args = parser.parse_args()
ENV = dict(os.environ, REBOUND_BCRYPT_COST="4", REBOUND_LOG_LEVEL="error")


class Client:
    """One keep-alive connection; a bearer token for the API, a session cookie for pages."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.token, self.cookies = None, {}

    def send(self, method, path, body=None, form=None, page=False):
        headers = {}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            data, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        if page:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        elif self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        raw = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, raw


def timed(client, method, path, **kwargs):
    started = time.perf_counter()
    status, raw = client.send(method, path, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    if status >= 400:
        raise SystemExit(f"{method} {path} answered {status}: {raw[:300]!r}")
    return elapsed, raw


def main():
    directory = tempfile.mkdtemp(prefix="rebound-seq-")
    database = os.path.join(directory, "seq.sqlite")
    generated = subprocess.run([args.binary, "generate", "--interactions", str(args.interactions), "--database", database],
                               env=ENV, capture_output=True, text=True, check=True).stdout
    email = re.search(r"log in as (\S+) ", generated).group(1)
    server = subprocess.Popen([args.binary, "serve", "--database", database, "--port", str(args.port)], env=ENV)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.2)
        api = Client(args.port)
        _, raw = api.send("POST", "/api/v1/sessions", body={"email": email, "password": "rebound-bench-password"})
        api.token = json.loads(raw)["token"]
        web = Client(args.port)
        _, login = web.send("GET", "/login", page=True)
        csrf = re.search(rb'name="_csrf" value="([^"]+)"', login).group(1).decode()
        status, _ = web.send("POST", "/login", form={"_csrf": csrf, "email": email, "password": "rebound-bench-password"}, page=True)
        assert status in (302, 303), f"web login answered {status}"

        _, raw = api.send("GET", "/api/v1/interactions?outcome=bad&limit=1")
        account = json.loads(raw)["items"][0]["accountId"]
        _, raw = api.send("GET", "/api/v1/debriefs?limit=1")
        debrief = json.loads(raw)["items"][0]["id"]

        results = {}
        reflections = []

        def measure(name, call):
            times = []
            for i in range(args.requests):
                times.append(call(i))
            times.sort()
            results[name] = (statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))])

        def log_call(i):
            elapsed, raw = timed(api, "POST", "/api/v1/interactions", body={"accountId": account, "kind": "call", "outcome": "bad", "summary": f"sequential {i}"})
            reflections.append(json.loads(raw)["reflection"]["id"])
            return elapsed

        measure("log a call (POST /interactions)", log_call)
        measure("edit a reflection (PATCH)", lambda i: timed(api, "PATCH", f"/api/v1/reflections/{reflections[i]}", body={"whatWentWell": f"Asked early {i}"})[0])
        measure("get one reflection", lambda i: timed(api, "GET", f"/api/v1/reflections/{reflections[i]}")[0])
        measure("add a question to a reflection", lambda i: timed(api, "POST", f"/api/v1/reflections/{reflections[i]}/questions", body={"text": f"Can you do SSO with Okta, case {i}?"})[0])
        measure("similar answers (GET /questions/similar)", lambda i: timed(api, "GET", "/api/v1/questions/similar?text=Can%20you%20do%20SSO")[0])
        measure("queue (GET /reflections?status=pending)", lambda i: timed(api, "GET", "/api/v1/reflections?status=pending")[0])
        measure("API search (GET /search?q=pricing)", lambda i: timed(api, "GET", "/api/v1/search?q=pricing")[0])
        measure("API brief", lambda i: timed(api, "GET", f"/api/v1/accounts/{account}/brief")[0])
        measure("page: home (my queue)", lambda i: timed(web, "GET", "/", page=True)[0])
        measure("page: reflection", lambda i: timed(web, "GET", f"/reflections/{reflections[i]}", page=True)[0])
        measure("page: debrief workspace", lambda i: timed(web, "GET", f"/debriefs/{debrief}", page=True)[0])
        measure("page: brief", lambda i: timed(web, "GET", f"/accounts/{account}/brief", page=True)[0])
        measure("page: insights", lambda i: timed(web, "GET", "/insights", page=True)[0])
        measure("page: search", lambda i: timed(web, "GET", "/search?q=pricing", page=True)[0])
    finally:
        server.terminate()
        server.wait(timeout=30)

    rows = [("operation", "p50 ms", "p99 ms")] + [(name, f"{p50:.2f}", f"{p99:.2f}") for name, (p50, p99) in results.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"\n{args.interactions:,} interactions, {args.requests} sequential requests each, one keep-alive connection\n")
    for row in rows:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths)))


main()
