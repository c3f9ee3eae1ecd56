#!/usr/bin/env python3
"""Scripted client for `grondslag lsp`: a workspace copied from the shipped policies with one module of
its own, driven through initialize, didOpen with an error, publishDiagnostics, didChange to a fix, hover,
definition, completion, formatting, malformed input, shutdown and exit. Prints ok/FAIL per check.
Usage: lsp_client.py GRONDSLAG SOURCE_DIR"""
import json, os, shutil, subprocess, sys, tempfile

BIN, SRC = sys.argv[1], sys.argv[2]
failures = 0


def check(cond, what):
    global failures
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures += 1


class Client:
    def __init__(self, cwd):
        self.p = subprocess.Popen([BIN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.next_id = 0
        self.notes = []

    def send_raw(self, body):
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def send(self, method, params=None, request=True):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        self.send_raw(json.dumps(msg).encode())
        return self.next_id if request else None

    def read(self):
        headers = {}
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.decode().strip()
            if not line:
                break
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        return json.loads(self.p.stdout.read(int(headers["content-length"])))

    def until_response(self, id_):
        while True:
            m = self.read()
            if m.get("id") == id_ and "method" not in m:
                return m
            self.notes.append(m)

    def request(self, method, params=None):
        return self.until_response(self.send(method, params))

    def diagnostics_for(self, uri):
        """The last diagnostics published for uri among the notes read so far."""
        found = None
        for n in self.notes:
            if n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri:
                found = n["params"]["diagnostics"]
        return found


def uri(path):
    return "file://" + path.replace("%", "%25").replace(" ", "%20")


work = tempfile.mkdtemp()
try:
    ws = os.path.join(work, "werk ruimte")  # a space: percent-encoded in the URI
    shutil.copytree(os.path.join(SRC, "policies"), ws)
    mine = os.path.join(ws, "mijn.gsl")
    broken = ("module mijn rank gemeentelijke_verordening\n"
              "# Overweging: ë — Bijzondere gegevens blijven verboden (pm.20d.2).\n"
              "provision mijn.1 law \"Verordening\" article \"1\" cvdr CVDR123456 valid from 2024-01-01\n"
              "  says \"Gegevens over onderdak.\" / \"Data on housing.\"\n"
              "rule mijn.1 under mijn.1\n"
              "  permit onderdak\n"
              "  from gemeente to onbekende_partij for dr_plan\n"
              "  basis avg.6.1.e\n")
    fixed = broken.replace("onbekende_partij", "reclassering")
    with open(mine, "w", encoding="utf-8") as f:
        f.write(fixed)

    c = Client(work)
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(mine)}, "position": {"line": 0, "character": 0}})
    check(r.get("error", {}).get("code") == -32002, "a request before initialize is refused (-32002)")
    r = c.request("initialize", {"processId": None, "rootUri": uri(ws), "capabilities": {}})
    caps = r["result"]["capabilities"]
    check(caps.get("hoverProvider") and caps.get("definitionProvider") and caps.get("documentFormattingProvider")
          and caps.get("textDocumentSync", {}).get("change") == 1, "initialize: hover, definition, completion, formatting, full sync")
    c.send("initialized", {}, request=False)

    c.send("textDocument/didOpen", {"textDocument": {"uri": uri(mine), "languageId": "grondslag", "version": 1, "text": broken}}, request=False)
    probe = c.request("textDocument/completion", {"textDocument": {"uri": uri(mine)}, "position": {"line": 6, "character": 10}})
    d = c.diagnostics_for(uri(mine))
    check(d is not None and any(x["severity"] == 1 for x in d), "didOpen with an unknown actor: an error is published for the file")
    err = next((x for x in (d or []) if x["severity"] == 1), None)
    check(err is not None and err["range"]["start"]["line"] == 6 and err["code"].startswith("E") and "onbekende_partij" in err["message"],
          f"the error is on line 7, with its code and the name: {err and (err['code'], err['range'], err['message'][:80])}")
    check(err is not None and err["range"]["start"]["character"] == broken.splitlines()[6].index("onbekende_partij")
          and err["range"]["end"]["character"] == broken.splitlines()[6].index("onbekende_partij") + len("onbekende_partij"),
          "its range covers the unknown name")
    others = [n["params"]["uri"] for n in c.notes if n.get("method") == "textDocument/publishDiagnostics"
              and n["params"]["diagnostics"] and n["params"]["uri"] != uri(mine)]
    check(not others, f"no other file of the set gets diagnostics: {others[:3]}")

    c.notes.clear()
    c.send("textDocument/didChange", {"textDocument": {"uri": uri(mine), "version": 2}, "contentChanges": [{"text": fixed}]}, request=False)
    c.request("textDocument/completion", {"textDocument": {"uri": uri(mine)}, "position": {"line": 0, "character": 0}})
    check(c.diagnostics_for(uri(mine)) == [], "didChange to a fixed text clears the file's diagnostics")

    # Hover on pm.20d.2 in the comment, after a non-ASCII letter: positions are UTF-16 code units.
    line1 = fixed.splitlines()[1]
    char = len(line1[:line1.index("pm.20d.2") + 3].encode("utf-16-le")) // 2
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(mine)}, "position": {"line": 1, "character": char}})
    value = (r.get("result") or {}).get("contents", {}).get("value", "")
    check("provision pm.20d.2" in value and "PM art. 20d" in value and "2021-07-01" in value
          and "wetten.overheid.nl" in value and "D&R" in value and "probation service" in value,
          "hover on a provision: citation, validity, Dutch and English text, link")
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(mine)}, "position": {"line": 6, "character": 10}})
    value = (r.get("result") or {}).get("contents", {}).get("value", "")
    check(value.startswith("**actor gemeente**") and "/" in value, f"hover on an actor: its labels: {value[:80]!r}")
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(mine)}, "position": {"line": 4, "character": 7}})
    value = (r.get("result") or {}).get("contents", {}).get("value", "")
    check("provision mijn.1" in value and "rule mijn.1" in value, "hover on a name that is both a provision and a rule shows both")
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(mine)}, "position": {"line": 0, "character": 0}})
    check(r.get("result") is None, "hover on a keyword: nothing")

    pm = os.path.join(ws, "pm.gsl")
    pm_line = next(i for i, l in enumerate(open(pm, encoding="utf-8")) if l.startswith("provision pm.20d.2 "))
    r = c.request("textDocument/definition", {"textDocument": {"uri": uri(mine)}, "position": {"line": 1, "character": char}})
    res = r.get("result") or {}
    check(res.get("uri") == uri(pm) and res.get("range", {}).get("start", {}).get("line") == pm_line,
          f"definition of pm.20d.2: pm.gsl line {pm_line + 1}: {res}")
    r = c.request("textDocument/definition", {"textDocument": {"uri": uri(mine)}, "position": {"line": 7, "character": 10}})
    res = r.get("result") or {}
    check(res.get("uri") == uri(os.path.join(ws, "avg.gsl")), "definition of a basis: avg.gsl")

    r = c.request("textDocument/completion", {"textDocument": {"uri": uri(mine)}, "position": {"line": 6, "character": 7}})
    items = {i["label"]: i for i in r["result"]}
    check("dji" in items and "actor" in items["dji"]["detail"] and "pm.20d.2" in items and "mijn.1" in items and "dr_plan" in items,
          f"completion lists the declared names with their kind ({len(items)} items)")

    messy = fixed.replace("  permit onderdak\n", "  permit    onderdak\n")
    c.send("textDocument/didChange", {"textDocument": {"uri": uri(mine), "version": 3}, "contentChanges": [{"text": messy}]}, request=False)
    r = c.request("textDocument/formatting", {"textDocument": {"uri": uri(mine)}, "options": {"tabSize": 2, "insertSpaces": True}})
    edits = r.get("result") or []
    expected = subprocess.run([BIN, "fmt", "--stdout", "-"], input=messy.encode(), capture_output=True).stdout.decode()
    check(len(edits) == 1 and edits[0]["newText"] == expected and "permit onderdak\n" in expected,
          "formatting the open document (not the file on disk): one edit, the text fmt writes")
    c.send("textDocument/didChange", {"textDocument": {"uri": uri(mine), "version": 4}, "contentChanges": [{"text": expected}]}, request=False)
    r = c.request("textDocument/formatting", {"textDocument": {"uri": uri(mine)}, "options": {"tabSize": 2, "insertSpaces": True}})
    check(r.get("result") == [], "formatting a formatted document: no edit")

    r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(mine)}})
    check(r.get("error", {}).get("code") == -32601, "a method it does not answer: -32601")
    c.send_raw(b"{not json")
    m = c.read()
    check(m.get("error", {}).get("code") == -32700 and m.get("id") is None, "a body that is not JSON: -32700, and the server goes on")
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(mine)}})
    check(r.get("error", {}).get("code") == -32602, "a request without its params: -32602")

    r = c.request("shutdown")
    check("result" in r and r["result"] is None, "shutdown answers null")
    r = c.request("textDocument/hover", {"textDocument": {"uri": uri(mine)}, "position": {"line": 0, "character": 0}})
    check(r.get("error", {}).get("code") == -32600, "a request after shutdown is refused")
    c.send("exit", request=False)
    check(c.p.wait(timeout=10) == 0, "exit after shutdown: exit code 0")

    c = Client(work)
    c.request("initialize", {"processId": None, "rootUri": uri(ws), "capabilities": {}})
    c.send("exit", request=False)
    check(c.p.wait(timeout=10) == 1, "exit without shutdown: exit code 1")
    c = Client(work)
    c.p.stdin.close()
    check(c.p.wait(timeout=10) == 1, "the input ending without exit: exit code 1")
finally:
    shutil.rmtree(work)
print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
