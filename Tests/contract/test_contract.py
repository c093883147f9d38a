"""Schemathesis against the real binary and /openapi.json (Trust II's standing suite).

Every documented operation is called with generated data, as an admin with a valid token, with real
ids of a seeded team most of the time. Each reply must be no 5xx, of the documented content type and
schema, and a rejected request (4xx) must change nothing: the database is hashed before and after.

    REBOUND_BINARY=.build/debug/rebound [REBOUND_CONTRACT_POSTGRES=postgres://…/empty_db] python3 -m pytest -q Tests/contract

The number of examples per operation is bounded (REBOUND_CONTRACT_EXAMPLES, default 15) so CI stays quick.
"""
import hashlib, json, os, random, signal, sqlite3, subprocess, tempfile, time, urllib.error, urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("REBOUND_BINARY", os.path.join(ROOT, ".build", "debug", "rebound"))
POSTGRES = os.environ.get("REBOUND_CONTRACT_POSTGRES")
EXAMPLES = int(os.environ.get("REBOUND_CONTRACT_EXAMPLES", "15"))
PORT = 18290
BASE = f"http://127.0.0.1:{PORT}"

# Operations that would end the test's own session, or that need a CRM signature no generator makes.
EXCLUDED = {("DELETE", "/api/v1/sessions/current"), ("DELETE", "/api/v1/sessions/{id}"), ("POST", "/api/v1/webhooks/crm/{team}")}

# Columns that change on reads by design: a session's last use is recorded once a minute.
VOLATILE = {("access_tokens", "last_used_at")}


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        return json.loads(raw) if raw[:1] == b"{" else {}


class Snapshot:
    """A hash of every stored row, to tell whether a request changed anything."""

    def __init__(self, sqlite_path=None, postgres=None):
        self.sqlite_path, self.postgres = sqlite_path, postgres
        self.queries = None  # PostgreSQL: one connection and the table queries, made once

    def __call__(self):
        digest = hashlib.sha256()
        if self.sqlite_path:
            with sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True) as db:
                tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' ORDER BY name")]
                for table in tables:
                    columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")') if (table, r[1]) not in VOLATILE]
                    for row in db.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" ORDER BY 1'):
                        digest.update(repr((table, row)).encode())
        else:
            if self.queries is None:
                import psycopg
                self.connection = psycopg.connect(self.postgres, autocommit=True)
                self.queries = []
                tables = [r[0] for r in self.connection.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")]
                for table in tables:
                    columns = [r[0] for r in self.connection.execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
                        (table,)) if (table, r[0]) not in VOLATILE]
                    self.queries.append((table, f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" ORDER BY 1'))
            for table, query in self.queries:
                for row in self.connection.execute(query):
                    digest.update(repr((table, row)).encode())
        return digest.hexdigest()


@pytest.fixture(scope="module")
def server():
    directory = tempfile.mkdtemp()
    database = POSTGRES or os.path.join(directory, "contract.sqlite")
    log = open(os.path.join(directory, "server.log"), "w")
    env = dict(os.environ, REBOUND_BCRYPT_COST="4", REBOUND_LOG_LEVEL="warning", REBOUND_WEBHOOK_INTERVAL="0",
               REBOUND_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    process = subprocess.Popen([BINARY, "serve", "--database", database, "--port", str(PORT)], env=env, stdout=log, stderr=log)
    for _ in range(300):
        try:
            urllib.request.urlopen(BASE + "/health", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    token = call("POST", "/api/v1/setup", {"teamName": "Contract", "name": "Ada", "email": "ada@contract.test", "password": "contract test password"})["token"]
    rep = call("POST", "/api/v1/members", {"name": "Rita", "email": "rita@contract.test", "role": "rep", "password": "another good one"}, token)
    account = call("POST", "/api/v1/accounts", {"name": "Globex"}, token)
    deal = call("POST", "/api/v1/deals", {"accountId": account["id"], "name": "Fleet"}, token)
    logged = call("POST", "/api/v1/interactions", {"accountId": account["id"], "kind": "call", "outcome": "bad"}, token)
    question = call("POST", f"/api/v1/reflections/{logged['reflection']['id']}/questions", {"text": "Can you do SSO?"}, token)
    debrief = call("POST", f"/api/v1/interactions/{logged['interaction']['id']}/escalate", None, token)
    entry = call("POST", f"/api/v1/debriefs/{debrief['id']}/timeline", {"occurredAt": "2026-11-01T10:00:00Z", "actor": "Customer", "description": "Asked"}, token)
    lesson = call("POST", f"/api/v1/debriefs/{debrief['id']}/lessons", {"text": "Bring ops", "tags": ["ops"]}, token)
    action = call("POST", f"/api/v1/debriefs/{debrief['id']}/actions", {"title": "Send plan", "ownerId": rep["id"], "dueDate": "2030-01-15"}, token)
    webhook = call("POST", "/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook", "events": ["debrief.opened"]}, token)
    ids = {
        "members": rep["id"], "accounts": account["id"], "deals": deal["id"], "interactions": logged["interaction"]["id"],
        "reflections": logged["reflection"]["id"], "questions": question["question"]["id"], "debriefs": debrief["id"],
        "timeline": entry["id"], "lessons": lesson["id"], "actions": action["id"], "webhooks": webhook["subscription"]["id"],
    }
    snapshot = Snapshot(sqlite_path=None if POSTGRES else database, postgres=POSTGRES)
    yield {"token": token, "ids": ids, "snapshot": snapshot}
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    log.close()


def closed(node):
    """Every object schema closed to properties it does not list, so a reply carrying a field the document
    does not describe fails `response_schema_conformance` (the document is checked field by field)."""
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            closed(value)
    elif isinstance(node, list):
        for value in node:
            closed(value)
    return node


# The document as the server serves it (`rebound openapi`): parts of it are filled in from the code.
schema = schemathesis.openapi.from_dict(closed(json.loads(subprocess.run([BINARY, "openapi"], capture_output=True, check=True).stdout)))
STATUSES = {}


def teardown_module(module):
    # How many replies of each class the run saw: a run that only ever got 404s would prove little.
    print("\ncontract: replies by class " + ", ".join(f"{k}xx: {v}" for k, v in sorted(STATUSES.items())))


def fill_real_ids(case, ids):
    """Most of the time, path ids name rows that exist, so requests reach the code behind the 404."""
    if not case.path_parameters or random.random() < 0.2:
        return
    segments = case.path.split("/")
    for index, segment in enumerate(segments):
        if segment.startswith("{") and segment[1:-1] in case.path_parameters:
            name = segment[1:-1]
            key = "timeline" if name == "entry" else segments[index - 1]
            if key in ids:
                case.path_parameters[name] = ids[key]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_keeps_its_contract(case, server):
    if (case.method.upper(), case.path) in EXCLUDED:
        pytest.skip("ends the test's session or needs a CRM signature")
    fill_real_ids(case, server["ids"])
    before = server["snapshot"]()
    response = case.call(base_url=BASE, headers={"Authorization": f"Bearer {server['token']}"})
    STATUSES[response.status_code // 100] = STATUSES.get(response.status_code // 100, 0) + 1
    case.validate_response(response, checks=[not_a_server_error, content_type_conformance, response_schema_conformance])
    if response.status_code >= 400:
        assert server["snapshot"]() == before, f"{case.method} {case.formatted_path} answered {response.status_code} but changed stored data"


def request_fields():
    """Every documented property of every JSON request body, with a valid body to send it in."""
    document = json.loads(subprocess.run([BINARY, "openapi"], capture_output=True, check=True).stdout)

    def resolve(node):
        while isinstance(node, dict) and "$ref" in node:
            node = document["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
        return node

    def kinds(prop):
        found = set()
        for option in prop.get("anyOf", [prop]):
            kind = resolve(option).get("type")
            found.update(kind if isinstance(kind, list) else [kind])
        return found - {"null", None}

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if (method.upper(), path) in EXCLUDED or not isinstance(operation, dict):
                continue
            body = resolve(operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema"))
            properties = (body or {}).get("properties", {})
            required = {name: resolve(properties[name]) for name in (body or {}).get("required", [])}
            parameters = operations.get("parameters", []) + operation.get("parameters", [])
            areas = [resolve(p["schema"])["enum"][0] for p in parameters if p.get("name") == "area"]
            for name, prop in sorted(properties.items()):
                yield pytest.param(method.upper(), path, name, kinds(prop), required, areas[0] if areas else None,
                                   id=f"{method.upper()} {path} {name}")


def valid_value(name, schema, ids):
    """A value a required field accepts, with real ids where the field names another row."""
    if "enum" in schema:
        return schema["enum"][0]
    kind, form = schema.get("type"), schema.get("format")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return 1
    if kind == "array":
        return []
    if kind == "object":
        return {}
    if form == "uuid":
        owner = {"accountId": "accounts", "dealId": "deals", "interactionId": "interactions"}.get(name, "members")
        return ids[owner]
    return {"date-time": "2026-11-01T10:00:00Z", "date": "2030-01-15", "email": "field@contract.test", "uri": "http://127.0.0.1:9/x"}.get(
        form, "A field check " + name)


@pytest.mark.parametrize("method,path,field,kinds,required,area", list(request_fields()))
def test_every_documented_request_field_is_read(method, path, field, kinds, required, area, server):
    """The other half of the field-by-field check: a documented field the server ignored would let a
    client's change vanish silently. Sent with a value of the wrong type in an otherwise valid body,
    each documented field must come back named in a 400 or 422, and nothing may change."""
    ids = server["ids"]
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if segment.startswith("{"):
            name = segment[1:-1]
            key = "timeline" if name == "entry" else segments[index - 1]
            segments[index] = {"area": area, "delivery": ids["webhooks"]}.get(name) or ids.get(key, "")
    wrong = "not an object" if "object" in kinds else {"not": "a " + "/".join(sorted(kinds) or ["value"])}
    body = {name: valid_value(name, schema, ids) for name, schema in required.items()}
    body[field] = wrong
    before = server["snapshot"]()
    request = urllib.request.Request(BASE + "/".join(segments), data=json.dumps(body).encode(), method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {server['token']}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, problem = response.status, {}
    except urllib.error.HTTPError as error:
        status, problem = error.code, json.loads(error.read() or b"{}")
    named = [e["field"] for e in problem.get("errors", [])]
    assert status in (400, 422) and any(f == field or f.startswith(field + ".") or f.startswith(field + "[") for f in named), \
        f"{method} {path}: '{field}' sent as {wrong!r} in {body} got {status} naming {named}"
    assert server["snapshot"]() == before
