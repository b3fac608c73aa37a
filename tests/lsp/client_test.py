#!/usr/bin/env python3
"""The scripted client: drives `charter lsp` over standard input/output
through every method it serves, with exact expected positions.

    client_test.py CHARTER_BINARY

broken.charter.yaml has its mistakes after accented, CJK and emoji text, so
that UTF-16, UTF-8 and UTF-32 columns all differ. The last line is
"N passed, M failed"; the exit status is 1 on any failure.
"""
import os
import re
import sys

from lspclient import Client

HERE = os.path.dirname(os.path.abspath(__file__))
URI = "file:///work/broken.charter.yaml"
TEXT = open(os.path.join(HERE, "broken.charter.yaml"), encoding="utf-8").read()
results = []


def check(name, got, want):
    ok = got == want
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else "\n  got:  %r\n  want: %r" % (got, want)))


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def pos(line, character):
    return {"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}


def start(binary, encodings=None):
    c = Client([binary, "lsp"])
    caps = {"general": {"positionEncodings": encodings}} if encodings else {}
    init = c.call("initialize", {"processId": None, "rootUri": None, "capabilities": caps})
    c.notify("initialized")
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI, "languageId": "yaml", "version": 1, "text": TEXT}})
    return c, init["result"]


def by_code(diags, code):
    return [d for d in diags if d.get("code") == code]


def test_diagnostics(c):
    diags = c.diagnostics(URI, 1)["diagnostics"]
    unknown = by_code(diags, "C0301")
    check("C0301 once", len(unknown), 1)
    check("C0301 range in UTF-16 after CJK and emoji", unknown[0]["range"], rng(15, 49, 15, 52))
    check("C0301 message with help", unknown[0]["message"],
          "unknown party 'acm'\nhelp: did you mean 'acme'?")
    check("C0301 severity error", unknown[0]["severity"], 1)
    dup = by_code(diags, "C0302")
    check("C0302 range", dup[0]["range"], rng(13, 31, 13, 37))
    check("C0302 related information", dup[0]["relatedInformation"],
          [{"location": {"uri": URI, "range": rng(12, 9, 12, 15)}, "message": "first used here"}])


def test_navigation(c):
    d = c.call("textDocument/definition", pos(23, 67))["result"]
    check("definition of @acme", d, {"uri": URI, "range": rng(9, 9, 9, 13)})
    refs = c.call("textDocument/references", dict(pos(9, 10), context={"includeDeclaration": True}))
    check("references of acme, the formula's included", [r["range"] for r in refs["result"]],
          [rng(9, 9, 9, 13), rng(12, 24, 12, 28), rng(18, 11, 18, 15), rng(23, 25, 23, 29),
           rng(23, 66, 23, 70), rng(30, 13, 30, 17)])
    refs = c.call("textDocument/references", dict(pos(9, 10), context={"includeDeclaration": False}))
    check("references without the declaration", len(refs["result"]), 5)
    check("prepareRename on @fee", c.call("textDocument/prepareRename", pos(23, 47))["result"],
          {"range": rng(23, 46, 23, 49), "placeholder": "fee"})
    edit = c.call("textDocument/rename", dict(pos(23, 47), newName="fee-2"))["result"]
    check("rename a step in its stream and its formula", edit["changes"][URI],
          [{"range": rng(22, 15, 22, 18), "newText": "fee-2"},
           {"range": rng(23, 46, 23, 49), "newText": "fee-2"}])
    err = c.call("textDocument/rename", dict(pos(9, 10), newName="leaver"))["error"]
    check("rename to a reserved word refused", (err["code"], "reserved" in err["message"]),
          (-32803, True))
    err = c.call("textDocument/rename", dict(pos(9, 10), newName="globex"))["error"]
    check("rename to a clashing id refused", err["message"], "a party 'globex' exists already")
    syms = c.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}})["result"]
    check("outline", [(s["name"], s["detail"], [k["name"] for k in s.get("children", [])])
                      for s in syms],
          [("acme", "party", []), ("globex", "party", []), ("m1", "milestone", []),
           ("m2", "milestone", []), ("sales", "stream", ["fee", "rest"]),
           ("convenience", "trigger", []), ("year-one", "scenario", [])])
    check("outline selection range", syms[0]["selectionRange"], rng(9, 9, 9, 13))


def test_hover_completion_actions(c):
    h = c.call("textDocument/hover", pos(9, 10))["result"]
    check("hover on a party", re.sub(r"\(\d{4}-\d\d-\d\d\)", "(TODAY)", h["contents"]["value"]),
          "**party** `acme`  \nname: Acmé Robotics 株式会社  \nshare: 60%  \n"
          "vested share today (TODAY): 60%  \ncontributions: 500000.00 USD")
    check("hover range", h["range"], rng(9, 9, 9, 13))
    h = c.call("textDocument/hover", pos(28, 9))["result"]
    check("hover on a scenario: computed beside expect", h["contents"]["value"],
          "**scenario** `year-one`  \nacme: computed 90000.00 USD, expect 90000.00 USD  \n"
          "globex: computed 10000.00 USD, expect 10000.01 USD (differs)")
    h = c.call("textDocument/hover", pos(22, 16))["result"]
    check("hover on a step: its rule and what it paid", h["contents"]["value"],
          "**step** `fee`  \nstream sales: pays globex `min(revenue, 10_000)`  \n"
          "paid in scenario year-one: 10000.00 USD")
    h = c.call("textDocument/hover", pos(22, 45))["result"]
    check("hover on a formula: its value in each scenario", h["contents"]["value"],
          "formula of step `fee`  \nyear-one: 10000")
    h = c.call("textDocument/hover", pos(20, 11))["result"]
    check("hover on a stream", h["contents"]["value"],
          "**stream** `sales`  \ntitle: none  \nwaterfall: fee, rest")
    h = c.call("textDocument/hover", pos(26, 12))["result"]
    check("hover on a trigger", h["contents"]["value"],
          "**trigger** `convenience`  \ncause: convenience  \ninvoked by: any party")
    h = c.call("textDocument/hover", pos(29, 23))["result"]
    check("hover on an amount", h["contents"]["value"], "exactly 100000")
    h = c.call("textDocument/hover", pos(18, 18))["result"]
    check("hover on a ratio", h["contents"]["value"], "ratio: exactly 0.6 (60%)")
    items = c.call("textDocument/completion", pos(15, 49))["result"]
    check("completion of a party id", [i["label"] for i in items], ["acme", "globex"])
    items = c.call("textDocument/completion", pos(26, 31))["result"]
    check("completion of an enum word", "change-of-control" in [i["label"] for i in items], True)
    items = c.call("textDocument/completion", pos(21, 6))["result"]
    check("completion of the keys a mapping may still take", [i["label"] for i in items], ["title"])
    acts = c.call("textDocument/codeAction", {"textDocument": {"uri": URI},
                                              "range": rng(15, 50, 15, 50),
                                              "context": {"diagnostics": []}})["result"]
    check("quick fix for an unknown id", [(a["title"], a["edit"]["changes"][URI]) for a in acts],
          [("Replace with 'acme'", [{"range": rng(15, 49, 15, 52), "newText": "acme"}])])


def test_missing_key_fix(c):
    uri = "file:///work/missing.charter.yaml"
    text = TEXT.replace("  - {id: globex, name: Globex GmbH}\n", "  - id: globex\n    role: x\n")
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                       "version": 1, "text": text}})
    diags = by_code(c.diagnostics(uri, 1)["diagnostics"], "C0101")
    check("missing key diagnosed", diags[0]["range"]["start"], {"line": 10, "character": 4})
    acts = c.call("textDocument/codeAction", {"textDocument": {"uri": uri},
                                              "range": diags[0]["range"],
                                              "context": {"diagnostics": diags}})["result"]
    check("quick fix adds the key", [(a["title"], a["edit"]["changes"][uri]) for a in acts],
          [("Add the key 'name'", [{"range": rng(11, 0, 11, 0), "newText": "    name: \n"}])])
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    check("diagnostics cleared on close", c.diagnostics(uri)["diagnostics"], [])


def test_completion_while_typing(c):
    broken = TEXT.replace("      waterfall:\n", "      ti: [\n      waterfall:\n")
    c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 100},
                                        "contentChanges": [{"text": broken}]})
    check("the half-typed line breaks the YAML",
          [d["code"] for d in c.diagnostics(URI, 100)["diagnostics"]], ["C0001"])
    items = c.call("textDocument/completion", pos(21, 8))["result"]
    check("keys still completed from the last charter", [i["label"] for i in items], ["title"])
    c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 101},
                                        "contentChanges": [{"text": TEXT.replace("exit:\n", "    - \nexit:\n")}]})
    c.diagnostics(URI, 101)
    items = c.call("textDocument/completion", pos(24, 6))["result"]
    check("every key for a new list item", [i["label"] for i in items], ["id", "title", "waterfall"])
    items = c.call("textDocument/completion", pos(23, 46))["result"]
    check("after @: parties and the steps of the stream", [i["label"] for i in items],
          ["acme", "globex", "fee", "rest"])


def test_edits_and_robustness(c):
    for v in range(2, 21):
        text = TEXT if v < 20 else TEXT.replace("owner: acm,", "owner: acme,")
        c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": v},
                                            "contentChanges": [{"text": text}]})
    diags = c.diagnostics(URI, 20)["diagnostics"]
    check("the latest buffer is what is validated", by_code(diags, "C0301"), [])
    for v, text in ((21, "[" * 100000), (22, "{[: 'not yaml\n\t:"), (23, "\x00\xff")):
        c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": v},
                                            "contentChanges": [{"text": text}]})
        diags = c.diagnostics(URI, v)["diagnostics"]
        check("a hostile buffer (version %d) is diagnosed" % v, len(diags) >= 1, True)
    check("still answering after them", c.call("textDocument/hover", pos(0, 0))["result"], None)
    c.send_raw(b"Content-Length: 5\r\n\r\n{bad}")
    err = c.wait_for(lambda m: "error" in m and m.get("id") is None)
    check("malformed JSON is a ParseError", err["error"]["code"], -32700)
    check("an unknown method is MethodNotFound", c.call("charter/nothing")["error"]["code"], -32601)
    c.notify("$/cancelRequest", {"id": 9999})
    c.send({"jsonrpc": "2.0", "id": 9999, "method": "textDocument/hover", "params": pos(0, 0)})
    m = c.wait_for(lambda m: m.get("id") == 9999)
    check("a cancelled request gets RequestCancelled", m["error"]["code"], -32800)


def test_lifecycle(binary):
    c = Client([binary, "lsp"])
    check("a request before initialize", c.call("textDocument/hover", pos(0, 0))["error"]["code"],
          -32002)
    c.call("initialize", {"capabilities": {}})
    check("shutdown answers null", c.call("shutdown")["result"], None)
    check("requests after shutdown are invalid", c.call("textDocument/hover", pos(0, 0))["error"]["code"],
          -32600)
    c.notify("exit")
    check("exit after shutdown: status 0", c.finish(), 0)
    c = Client([binary, "lsp"])
    c.call("initialize", {"capabilities": {}})
    c.notify("exit")
    check("exit without shutdown: status 1", c.finish(), 1)


def test_encodings(binary):
    for encodings, want, columns in ((["utf-8", "utf-16"], "utf-8", (58, 61)),
                                     (["utf-32"], "utf-32", (48, 51)),
                                     (None, "utf-16", (49, 52))):
        c, init = start(binary, encodings)
        check("negotiated " + want, init["capabilities"]["positionEncoding"], want)
        d = by_code(c.diagnostics(URI, 1)["diagnostics"], "C0301")
        check("C0301 columns in " + want, d[0]["range"], rng(15, columns[0], 15, columns[1]))
        c.call("shutdown")
        c.notify("exit")
        c.finish()


def main():
    binary = sys.argv[1]
    c, init = start(binary)
    check("full text sync", init["capabilities"]["textDocumentSync"]["change"], 1)
    test_diagnostics(c)
    test_navigation(c)
    test_hover_completion_actions(c)
    test_missing_key_fix(c)
    test_completion_while_typing(c)
    test_edits_and_robustness(c)
    c.call("shutdown")
    c.notify("exit")
    check("the session ends with status 0", c.finish(), 0)
    test_lifecycle(binary)
    test_encodings(binary)
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
