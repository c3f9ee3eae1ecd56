#!/usr/bin/env python3
"""The decision contract's schemas (docs/schema) against what the engine reads and writes.

Usage: validate.py GRONDSLAG_BINARY PROJECT_ROOT

- the schemas are valid JSON Schema 2020-12, and the contract's typed facts are the ones the shipped
  vocabulary declares, with the same types;
- every request of the corpora, the examples and the golden tests is valid against request.schema.json;
- `decide` (with and without --why-not) answers each of them, and every answer is valid against
  answer.schema.json; the answers the golden tests expect are too;
- malformed requests get error answers that are valid, with the JSON path the engine names;
- requests and answers that break the contract are rejected by the schemas (negative checks);
- openapi.json is OpenAPI 3.1, its $refs resolve, and every endpoint `grondslag serve` answers is in it,
  with the status codes it returns; the server's answers are valid too.

Exit 0 with counts, or 1 naming the file and the JSON path of each violation. Works with Debian 12's
jsonschema 4.10 (RefResolver) and with newer releases (referencing.Registry).
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

try:
    import jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:
    sys.exit("validate.py needs the jsonschema module (Debian: python3-jsonschema; scripts/install-deps.sh)")

if len(sys.argv) != 3:
    sys.exit("usage: validate.py GRONDSLAG_BINARY PROJECT_ROOT")
BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SCHEMA_DIR = os.path.join(ROOT, "docs", "schema")

failures = []
counts = {}


def count(what, n=1):
    counts[what] = counts.get(what, 0) + n


def fail(where, message):
    failures.append(f"{where}: {message}")


def rel(path):
    return os.path.relpath(path, ROOT)


def pointer(parts):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts) if parts else "(root)"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---- the schemas and their validators -------------------------------------------------------------

request_schema = load(os.path.join(SCHEMA_DIR, "request.schema.json"))
answer_schema = load(os.path.join(SCHEMA_DIR, "answer.schema.json"))
for name, schema in (("request.schema.json", request_schema), ("answer.schema.json", answer_schema)):
    try:
        Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        fail(f"docs/schema/{name}", f"not a valid 2020-12 schema at {pointer(e.absolute_path)}: {e.message}")
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        fail(f"docs/schema/{name}", "$schema is not draft 2020-12")
    if schema.get("x-contract-version") != "1":
        fail(f"docs/schema/{name}", "x-contract-version is not \"1\"")


def make_validator(schema):
    """A 2020-12 validator that resolves references to both schema files by their $id."""
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in (request_schema, answer_schema))
        return Draft202012Validator(schema, registry=registry)
    except ImportError:  # jsonschema 4.10 (Debian 12)
        store = {s["$id"]: s for s in (request_schema, answer_schema)}
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return Draft202012Validator(schema, resolver=resolver)


request_validator = make_validator(request_schema)
answer_validator = make_validator(answer_schema)


def problems(validator, instance):
    """The most relevant error, as (JSON path, message), or None."""
    error = best_match(validator.iter_errors(instance))
    if error is None:
        return None
    while error.context:  # under a oneOf or anyOf: the branch that came closest
        error = best_match(error.context)
    return pointer(error.absolute_path), error.message[:300]


def check(validator, instance, where, what):
    p = problems(validator, instance)
    if p:
        fail(f"{where} {p[0]}", f"not a valid {what}: {p[1]}")
        return False
    count(what + "s validated")
    return True


# ---- the typed facts of the request schema against the shipped vocabulary -------------------------

type_of_schema = {"boolean": "bool", "integer": "int"}


def declared_type(schema):
    s = schema["anyOf"][0]
    if "$ref" in s:
        return {"#/$defs/date": "date", "#/$defs/consentRecords": "consents", "#/$defs/veroordeling": "record"}[s["$ref"]]
    if "enum" in s:
        return "one of (" + ", ".join(s["enum"]) + ")"
    return type_of_schema[s["type"]]


declared = {}
for path in sorted(glob.glob(os.path.join(ROOT, "policies", "*.gsl"))):
    with open(path, encoding="utf-8") as f:
        for m in re.finditer(r"^fact (\w+): (bool|int|date|consents|record|one of \([^)]*\))", f.read(), re.M):
            declared[m.group(1)] = m.group(2)
typed = request_schema["$defs"]["facts"]["properties"]
for name, schema in typed.items():
    if name not in declared:
        fail(f"docs/schema/request.schema.json /$defs/facts/properties/{name}", "the shipped policies declare no such fact")
    elif declared_type(schema) != declared[name]:
        fail(f"docs/schema/request.schema.json /$defs/facts/properties/{name}",
             f"typed {declared_type(schema)}, the policies declare {declared[name]}")
for name in declared:
    if name not in typed:
        fail("docs/schema/request.schema.json /$defs/facts/properties", f"the shipped fact {name} is not typed")
count("typed facts checked against the vocabulary", len(typed))

# ---- requests --------------------------------------------------------------------------------------

SHIPPED = ["--policies", "policies"]
AMSTERDAM = SHIPPED + ["--policies", "examples/amsterdam/policies"]
GOLDEN = ["--policies", "tests/golden/policies"]
EXPLAIN = ["--policies", "tests/golden/explain_policies"]
# (request, where it is written, the policy set that decides it; None: not decided here)
requests = []


def corpus_requests(pattern, policies):
    for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
        doc = load(path)
        for i, case in enumerate(doc.get("cases", [])):
            if "request" in case:
                requests.append((case["request"], f"{rel(path)} /cases/{i}/request", policies))


def request_files(pattern, policies):
    for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
        doc = load(path)
        if isinstance(doc, dict) and "sender" in doc and "date" in doc:  # a request, not another example file
            requests.append((doc, rel(path), policies))


corpus_requests("corpus/*.json", SHIPPED)
corpus_requests("examples/amsterdam/corpus/*.json", AMSTERDAM)
request_files("examples/*.json", SHIPPED)
corpus_requests("tests/golden/corpus/*.json", GOLDEN)
corpus_requests("tests/golden/corpus_unknown_expectations/*.json", GOLDEN)
request_files("tests/golden/requests/bij_window.json", EXPLAIN)
request_files("tests/golden/requests/consent_regime.json", EXPLAIN)
request_files("tests/golden/requests/lower_module.json", None)  # decide refuses its policy set on purpose

# The contract's own example request (docs/contract.md, "Request").
with open(os.path.join(ROOT, "docs", "contract.md"), encoding="utf-8") as f:
    m = re.search(r"## Request\n.*?```json\n(.*?)```", f.read(), re.S)
if not m:
    fail("docs/contract.md", "no example request under \"## Request\"")
else:
    requests.append((json.loads(m.group(1)), "docs/contract.md (the example request)", SHIPPED))

for request, where, _ in requests:
    check(request_validator, request, where, "request")

# ---- answers of decide -----------------------------------------------------------------------------


def decide(policies, lines, extra=()):
    run = subprocess.run([BIN, "decide", "--unverified", *policies, *extra, "-"], input="".join(lines),
                         capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        fail(f"decide {' '.join(policies)}", f"exit {run.returncode}: {run.stderr.strip()[:300]}")
        return None
    return run.stdout.splitlines()


def validate_answer_line(text, where):
    try:
        answer = json.loads(text)
    except ValueError as e:
        fail(where, f"the answer is not JSON: {e}")
        return None
    check(answer_validator, answer, where, "answer")
    return answer


by_set = {}
for request, where, policies in requests:
    if policies is not None:
        by_set.setdefault(tuple(policies), []).append((request, where))
for policies, group in by_set.items():
    for extra in ((), ("--why-not",)):
        out = decide(list(policies), [json.dumps(r) + "\n" for r, _ in group], extra)
        if out is None:
            continue
        if len(out) != len(group):
            fail(f"decide {' '.join(policies)} {' '.join(extra)}", f"{len(out)} answers to {len(group)} requests")
            continue
        for (request, where), line in zip(group, out):
            answer = validate_answer_line(line, f"answer{' (--why-not)' if extra else ''} to {where}")
            if answer is not None and "error" in answer:
                fail(f"answer to {where}", f"valid against the request schema, but the engine refused it: "
                                           f"{answer['error']['path']}: {answer['error']['message']}")

# The answers the golden tests expect of `decide`.
for case in sorted(glob.glob(os.path.join(ROOT, "tests", "golden", "cases", "*"))):
    with open(os.path.join(case, "args"), encoding="utf-8") as f:
        if not f.read().startswith("decide"):
            continue
    with open(os.path.join(case, "stdout"), encoding="utf-8") as f:
        for n, line in enumerate(f.read().splitlines(), 1):
            if line.strip():
                validate_answer_line(line, f"{rel(case)}/stdout line {n}")
                count("golden answers")

# ---- malformed requests: error answers -------------------------------------------------------------

good = {"id": "m", "date": "2022-03-10", "sender": "dji", "recipient": "gemeente", "purpose": "dr_plan",
        "data": ["onderdak"], "facts": {"gedetineerd": True}}


def but(**changes):
    r = json.loads(json.dumps(good))
    for k, v in changes.items():
        if v is None:
            del r[k]
        else:
            r[k] = v
    return json.dumps(r)


# (request text, the path the engine names, whether the request schema can tell)
malformed = [
    ("this is not JSON", "", False),
    ('{"id": "m", "date": "2022-03-10"', "", False),
    (but(date=20220310), "/date", True),
    (but(date="2022-3-10"), "/date", True),
    (but(date="2022-02-30"), "/date", False),  # the calendar is the engine's to check
    (but(data="onderdak"), "/data", True),
    (but(data=[]), "/data", True),
    (but(sender=None), "/sender", True),
    (but(colour="red"), "/colour", True),
    (but(facts={"gedetineerd": "ja"}), "/facts/gedetineerd", True),
    (but(facts={"bestaat_niet": True}), "/facts/bestaat_niet", False),  # facts are the policy set's
    (but(sender="niemand"), "/sender", False),  # so are actors
    (but(id=1.5), "/id", True),
    (but(facts={"veroordeling": {"artikelen_sr": ["art. 242 Sr"]}}), "/facts/veroordeling/artikelen_sr/0", True),
    (but(facts={"toestemmingen": [{"categorie": "onderdak"}]}), "/facts/toestemmingen/0/gegeven", True),
    (but(purpose="zorg", phase="toets"), "/phase", False),
]
out = decide(SHIPPED, [text + "\n" for text, _, _ in malformed])
if out is not None and len(out) == len(malformed):
    for (text, path, schema_tells), line in zip(malformed, out):
        where = f"the error answer to {text[:60]!r}"
        answer = validate_answer_line(line, where)
        if answer is None:
            continue
        if "error" not in answer:
            fail(where, "not an error answer")
            continue
        if answer["error"]["path"] != path:
            fail(where, f"names {answer['error']['path']!r}, expected {path!r}")
        count("error answers")
        try:
            request = json.loads(text)
        except ValueError:
            continue
        rejected = problems(request_validator, request) is not None
        if schema_tells and not rejected:
            fail(f"docs/schema/request.schema.json", f"accepts the malformed request {text[:80]}")
        elif schema_tells:
            count("malformed requests the request schema rejects")
elif out is not None:
    fail("decide (malformed requests)", f"{len(out)} answers to {len(malformed)} requests")

# ---- negative checks: what the schemas must reject -------------------------------------------------

sample = json.loads(decide(SHIPPED, [json.dumps(dict(good, facts={"gedetineerd": True, "terugkeergemeente": True,
                                                                  "noodzakelijk": True}, data=["onderdak", "medisch"]))
                                     + "\n"])[0])
if sample.get("decision") != "partial":
    fail("negative checks", f"the sample answer is {sample.get('decision')}, expected partial")
permit_item = next(i for i in sample["items"] if i["decision"] == "permit")
deny_item = next(i for i in sample["items"] if i["decision"] == "deny")


def changed(doc, edit):
    d = json.loads(json.dumps(doc))
    edit(d)
    return d


def set_in(path, value):
    def edit(d):
        for k in path[:-1]:
            d = d[k]
        if value is KeyError:
            del d[path[-1]]
        else:
            d[path[-1]] = value
    return edit


negative_answers = [
    ("an unknown decision", set_in(["decision"], "maybe")),
    ("an item with an unknown decision", set_in(["items", 0, "decision"], "allow")),
    ("an unknown cause", lambda d: [i.update(cause="unclear") for i in d["items"] if i["decision"] == "deny"]),
    ("an unknown obligation kind", lambda d: [i["obligations"].append({"kind": "teleport"})
                                              for i in d["items"] if i["decision"] == "permit"]),
    ("a retain term with a period but no counted_from",
     lambda d: [i["obligations"].append({"kind": "retain", "period": "P5Y"})
                for i in d["items"] if i["decision"] == "permit"]),
    ("a secrecy obligation without its provision",
     lambda d: [i["obligations"].append({"kind": "secrecy"}) for i in d["items"] if i["decision"] == "permit"]),
    ("the questions in another order", lambda d: d["items"][0]["questions"].reverse()),
    ("four questions", lambda d: d["items"][0]["questions"].pop()),
    ("an unknown question status", set_in(["items", 0, "questions", 0, "status"], "pending")),
    ("a permitted item without its rule", lambda d: [i.pop("rule") for i in d["items"] if i["decision"] == "permit"]),
    ("a denied item with an answered question",
     lambda d: [i["questions"][4].update(status="answered") for i in d["items"] if i["decision"] == "deny"]),
    ("partial with no denied item", lambda d: d.update(items=[x for x in d["items"] if x["decision"] == "permit"])),
    ("permit with a denied item", set_in(["decision"], "permit")),
    ("a field the contract does not have", set_in(["verdict"], "permit")),
    ("a policy_set that is no sha256", set_in(["policy_set"], "md5:abc")),
    ("a reason the cause does not give",
     lambda d: [i.update(reason="because") for i in d["items"] if i["decision"] == "deny"]),
    ("an error answer with items", lambda d: d.update(error={"path": "/date", "message": "x"})),
    ("an error answer without a message", lambda d: d.update(items=[], decision="deny", error={"path": "/date"})),
]
for what, edit in negative_answers:
    if problems(answer_validator, changed(sample, edit)) is None:
        fail("docs/schema/answer.schema.json", f"accepts an answer with {what}")
    else:
        count("negative checks")

negative_requests = [
    ("no sender", set_in(["sender"], KeyError)),
    ("no data", set_in(["data"], KeyError)),
    ("a date with a month 13", set_in(["date"], "2022-13-01")),
    ("a field the contract does not have", set_in(["colour"], "red")),
    ("a sender that is no name", set_in(["sender"], "Dienst Justitiële Inrichtingen")),
    ("a bool fact given as a string", set_in(["facts", "gedetineerd"], "true")),
    ("a consent record with an unknown field",
     set_in(["facts", "toestemmingen"], [{"categorie": "onderdak", "gegeven": "2020-01-01", "extra": 1}])),
    ("an article not in the notation", set_in(["facts", "veroordeling"], {"artikelen_sr": ["141 lid 2"]})),
    ("a one-of fact with another value", set_in(["facts", "risico_delict"], "diefstal")),
]
for what, edit in negative_requests:
    if problems(request_validator, changed(good, edit)) is None:
        fail("docs/schema/request.schema.json", f"accepts a request with {what}")
    else:
        count("negative checks")

# ---- OpenAPI and the server ------------------------------------------------------------------------

openapi_path = os.path.join(SCHEMA_DIR, "openapi.json")
openapi = load(openapi_path)
if not str(openapi.get("openapi", "")).startswith("3.1."):
    fail("docs/schema/openapi.json /openapi", f"{openapi.get('openapi')!r} is not 3.1.x")
if openapi.get("jsonSchemaDialect", "https://spec.openapis.org/oas/3.1/dialect/base") not in (
        "https://spec.openapis.org/oas/3.1/dialect/base", "https://json-schema.org/draft/2020-12/schema"):
    fail("docs/schema/openapi.json /jsonSchemaDialect", "not a 2020-12 dialect")


def resolve(ref, base_doc, base_dir):
    """The document a $ref points to, and whether it resolves."""
    target, _, fragment = ref.partition("#")
    doc = base_doc if not target else load(os.path.join(base_dir, target))
    for part in [p for p in fragment.split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(doc, dict) or part not in doc:
            return None
        doc = doc[part]
    return doc


def refs(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield path, v
            else:
                yield from refs(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from refs(v, path + (i,))


for path, ref in refs(openapi):
    if resolve(ref, openapi, SCHEMA_DIR) is None:
        fail(f"docs/schema/openapi.json {pointer(path)}", f"$ref {ref} does not resolve")
    count("OpenAPI references resolved")

paths = openapi.get("paths", {})


def documented(method, path, status):
    op = paths.get(path, {}).get(method.lower())
    if op is None:
        return False
    return str(status) in op.get("responses", {}) or "default" in op.get("responses", {})


def component_validator(name):
    # A reference into the document's own components, so that components may refer to each other.
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$ref": f"#/components/schemas/{name}", "components": openapi["components"]}
    return Draft202012Validator(schema)


def start_server(bundle):
    err = tempfile.NamedTemporaryFile(mode="w+", suffix=".err", delete=False)
    proc = subprocess.Popen([BIN, "serve", "--bundle", bundle, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
    for _ in range(200):
        with open(err.name, encoding="utf-8") as f:
            m = re.search(r"on http://127\.0\.0\.1:(\d+)", f.read())
        if m:
            return proc, int(m.group(1)), err.name
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    with open(err.name, encoding="utf-8") as f:
        fail("grondslag serve", f"did not start: {f.read().strip()[:300]}")
    proc.kill()
    return None, None, err.name


def http(port, method, path, body=None, headers=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


with tempfile.TemporaryDirectory() as tmp:
    bundle = os.path.join(tmp, "contract.bundle")
    # Sealing needs grondslag-prove beside the binary; the golden tests' bundle serves without it.
    seal = subprocess.run([BIN, "verify", *GOLDEN, "--seal", bundle], capture_output=True, text=True, cwd=ROOT)
    if seal.returncode != 0:
        bundle = os.path.join(ROOT, "tests", "golden", "requests", "explain.bundle")
    proc, port, err_file = start_server(bundle)
    if proc is not None:
        try:
            request_text = json.dumps(good).encode()
            probes = [  # (method, path, body, headers)
                ("GET", "/health", None, {}), ("GET", "/ready", None, {}), ("GET", "/metrics", None, {}),
                ("GET", "/v1/policy-set", None, {}), ("GET", "/v1/vocabulary", None, {}),
                ("GET", "/v1/vocabulary", None, {"Accept-Language": "en"}), ("GET", "/v1/register", None, {}),
                ("GET", "/v1/register?date=2026-01-01", None, {"Accept-Language": "en"}),
                ("GET", "/v1/register?date=2026-13-01", None, {}), ("POST", "/v1/vocabulary", b"{}", {}),
                ("GET", "/v1/coverage", None, {}), ("POST", "/v1/coverage", b"{}", {}),
                ("POST", "/v1/register", b"{}", {}),
                ("POST", "/v1/decide", request_text, {"Content-Type": "application/json"}),
                ("POST", "/v1/decide", b"not json", {"Content-Type": "application/json"}),
                ("POST", "/v1/decide?why_not=true", request_text, {"Content-Type": "application/json"}),
                ("POST", "/v1/decide", request_text + b"\n\nnot json\n" + request_text + b"\n",
                 {"Content-Type": "application/x-ndjson"}),
                ("POST", "/v1/explain", request_text, {"Content-Type": "application/json", "Accept-Language": "en"}),
                ("POST", "/v1/explain", request_text, {"Content-Type": "application/json"}),
                ("POST", "/v1/explain", b"{", {"Content-Type": "application/json"}),
                ("GET", "/v1/decide", None, {}), ("GET", "/v1/explain", None, {}),
                ("POST", "/v1/policy-set", b"{}", {}), ("POST", "/health", b"x", {}), ("POST", "/metrics", b"x", {}),
                ("GET", "/", None, {}), ("GET", "/workbench/workbench.js", None, {}), ("GET", "/workbench/workbench.css", None, {}),
                ("POST", "/", b"x", {}), ("GET", "/workbench/", None, {}), ("GET", "/v1", None, {}), ("GET", "/v1/", None, {}),
                ("GET", "/v1/decide/", None, {}), ("GET", "/v2/decide", None, {}), ("GET", "/healthz", None, {}),
                ("GET", "/openapi.json", None, {}), ("GET", "/request.schema.json", None, {}),
                ("GET", "/answer.schema.json", None, {}), ("GET", "/v1/policy-sets", None, {}),
            ]
            seen = {}
            for method, target, body, headers in probes:
                path = target.partition("?")[0]
                status, ctype, text = http(port, method, target, body, headers)
                where = f"{method} {target} -> {status}"
                count("server responses checked")
                if status == 404:
                    if path in paths:
                        fail(where, "a documented path answers 404")
                    if json.loads(text).keys() != {"error"}:
                        fail(where, "a 404 body is not {\"error\": ...}")
                    continue
                if path not in paths:
                    fail(where, f"the server answers {path}, which docs/schema/openapi.json does not name")
                    continue
                if status == 405:
                    if json.loads(text).keys() != {"error"}:
                        fail(where, "a 405 body is not {\"error\": ...}")
                    if method.lower() in paths[path]:
                        fail(where, f"openapi.json documents {method} for {path}, the server refuses it")
                    continue
                if not documented(method, path, status):
                    fail(where, "this status is not documented for the operation in openapi.json")
                seen.setdefault(path, set()).add(status)
                if path == "/v1/decide":
                    lines = [l for l in text.splitlines() if l.strip()]
                    if headers.get("Content-Type") == "application/x-ndjson":
                        if ctype != "application/x-ndjson" or len(lines) != 3:
                            fail(where, f"an NDJSON batch of 3 requests got {len(lines)} lines as {ctype}")
                    for n, line in enumerate(lines, 1):
                        answer = validate_answer_line(line, f"{where} line {n}")
                        if answer is not None and status == 400 and "error" not in answer:
                            fail(where, "a 400 without the error answer")
                elif path in ("/v1/vocabulary", "/v1/register", "/v1/coverage") and status == 200:
                    p = problems(component_validator(path[4:].capitalize()), json.loads(text))
                    if p:
                        fail(f"{where} {p[0]}", f"not the documented {path[4:].capitalize()}: {p[1]}")
                elif path == "/v1/policy-set":
                    p = problems(component_validator("PolicySet"), json.loads(text))
                    if p:
                        fail(f"{where} {p[0]}", f"not the documented PolicySet: {p[1]}")
                elif path == "/v1/explain" and status == 400:
                    p = problems(component_validator("ExplainError"), json.loads(text))
                    if p:
                        fail(f"{where} {p[0]}", f"not the documented ExplainError: {p[1]}")
                elif path == "/v1/explain" and not ctype.startswith("text/plain"):
                    fail(where, f"an explanation as {ctype}")
            for path in paths:
                if path not in seen:
                    fail(f"docs/schema/openapi.json /paths/{path}", "the server did not answer this path")
            # A why_not that is neither true nor false is refused before any decision.
            status, _, body = http(port, "POST", "/v1/decide?why_not=maybe", json.dumps(good).encode(),
                                   {"Content-Type": "application/json"})
            if status != 400 or json.loads(body).keys() != {"error"}:
                fail("POST /v1/decide?why_not=maybe", f"answered {status} {body[:80]}, not 400 with an error")
            # Another method on a POST endpoint is 405, with a JSON body, and never a decision.
            for method in ("PUT", "DELETE", "PATCH", "GET"):
                for path in ("/v1/decide", "/v1/explain"):
                    status, _, body = http(port, method, path, json.dumps(good).encode(),
                                           {"Content-Type": "application/json"})
                    if status != 405 or '"items"' in body:
                        fail(f"{method} {path}", f"answered {status}, not 405")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    os.unlink(err_file)

# ---- the result ------------------------------------------------------------------------------------

if failures:
    for f in failures:
        print("FAIL " + f)
    print(f"{len(failures)} violation(s)")
    sys.exit(1)
for what, n in counts.items():
    print(f"{n} {what}")
print("contract schemas: ok")
