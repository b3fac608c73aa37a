#!/usr/bin/env python3
"""`charter calendar --format ics` read back by real iCalendar software.

  - the bytes: CRLF line ends only, no line above 75 octets, every line
    whole UTF-8 (folding never splits a character), the same bytes on a
    second run, and equal to the committed every-kind.expected.ics;
  - Debian's python3-icalendar parses it, and every event says what the
    JSON output says (UID, date, summary, file and line in the description),
    hostile text (commas, semicolons, backslashes, newlines, long titles,
    non-ASCII) included, and reminders are where --remind puts them;
  - khal (if installed) imports it with a throw-away configuration and
    lists the events on their days.

    ics_roundtrip.py --charter BIN --cases tests/golden/calendar [--update]
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

import icalendar

FAILURES = []


def check(ok, message):
    if not ok:
        FAILURES.append(message)
        print("FAIL " + message)


def run(charter, cases, *args):
    proc = subprocess.run([charter, "calendar", *args], cwd=cases, capture_output=True)
    if proc.returncode not in (0, 1):
        sys.exit("charter calendar %s: exit %d\n%s" % (" ".join(args), proc.returncode,
                                                      proc.stderr.decode()))
    return proc.stdout


def check_bytes(name, data):
    check(data.endswith(b"\r\n"), name + ": ends with CRLF")
    lines = data.split(b"\r\n")[:-1]
    check(b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines),
          name + ": no bare CR or LF")
    for i, line in enumerate(lines, 1):
        check(len(line) <= 75, "%s:%d: %d octets, above 75" % (name, i, len(line)))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            check(False, "%s:%d: folded inside a UTF-8 sequence" % (name, i))
    return lines


def events_of(data):
    cal = icalendar.Calendar.from_ical(data)
    check(str(cal.get("VERSION")) == "2.0", "VERSION:2.0")
    return [c for c in cal.walk() if c.name == "VEVENT"]


def check_against_json(name, events, items, remind_days=None):
    check(len(events) == len(items), "%s: %d events for %d items" % (name, len(events), len(items)))
    by_uid = {str(e.get("UID")): e for e in events}
    check(len(by_uid) == len(events), name + ": every UID different")
    for item in items:
        uid = "%s.%s.%s@charter" % (item["charter"], item["kind"], item["id"])
        e = by_uid.get(uid)
        check(e is not None, "%s: an event with UID %s" % (name, uid))
        if e is None:
            continue
        start = e.decoded("DTSTART")
        end = e.decoded("DTEND")
        check(isinstance(start, datetime.date) and not isinstance(start, datetime.datetime),
              uid + ": an all-day event")
        check(start.isoformat() == item["date"], "%s: on %s, not %s" % (uid, item["date"], start))
        check(end - start == datetime.timedelta(days=1), uid + ": one day long")
        summary = item["charter"] + ": " + ("OVERDUE " if item["overdue"] else "") + item["summary"]
        check(str(e.get("SUMMARY")) == summary,
              "%s: SUMMARY %r, expected %r" % (uid, str(e.get("SUMMARY")), summary))
        description = str(e.get("DESCRIPTION"))
        check(description.startswith(item["summary"] + "\n"), uid + ": DESCRIPTION starts with the summary")
        where = "%s:%d" % (item["file"], item["line"])
        check(description.endswith("\n" + where), "%s: DESCRIPTION ends with %s" % (uid, where))
        alarms = [c for c in e.walk() if c.name == "VALARM"]
        if remind_days is None:
            check(not alarms, uid + ": no VALARM without --remind")
        else:
            check(len(alarms) == 1, uid + ": one VALARM")
            if alarms:
                trigger = alarms[0].decoded("TRIGGER")
                want = remind_days(datetime.date.fromisoformat(item["date"]))
                check(trigger == -want, "%s: reminder %s before, expected %s" % (uid, -trigger, want))


def month_before(d):
    """The day one calendar month earlier, clamped to the month end, as charter counts."""
    year, month = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
    for day in range(d.day, 27, -1):
        try:
            return d - datetime.date(year, month, day)
        except ValueError:
            continue
    return d - datetime.date(year, month, d.day)


KHAL_CONFIG = """[calendars]
[[charter]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
[default]
default_calendar = charter
[sqlite]
path = {db}
"""


def check_khal(name, ics, items):
    khal = shutil.which("khal")
    if not khal:
        print("khal not installed: import not checked")
        return
    tmp = tempfile.mkdtemp(prefix="charter-khal-")
    try:
        os.makedirs(os.path.join(tmp, "cal"))
        config = os.path.join(tmp, "khal.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(KHAL_CONFIG.format(path=os.path.join(tmp, "cal"), db=os.path.join(tmp, "khal.db")))
        ics_path = os.path.join(tmp, "in.ics")
        with open(ics_path, "wb") as f:
            f.write(ics)
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, TZ="UTC", LC_ALL="C.UTF-8")
        for _ in range(2):  # a second import updates (same UIDs), never duplicates
            proc = subprocess.run([khal, "-c", config, "import", "--batch", "-a", "charter", ics_path],
                                  env=env, capture_output=True, text=True)
            check(proc.returncode == 0, "%s: khal import: %s%s" % (name, proc.stdout, proc.stderr))
        stored = [f for f in os.listdir(os.path.join(tmp, "cal")) if f.endswith(".ics")]
        check(len(stored) == len(items), "%s: khal stored %d events for %d items" % (name, len(stored), len(items)))
        first = min(i["date"] for i in items)
        last = (datetime.date.fromisoformat(max(i["date"] for i in items)) + datetime.timedelta(days=1)).isoformat()
        proc = subprocess.run([khal, "-c", config, "list", "--once", "-df", "", "-f", "{start-date}|{title}",
                               first, last], env=env, capture_output=True, text=True)
        check(proc.returncode == 0, "%s: khal list: %s" % (name, proc.stderr))
        listed = sorted(line for line in proc.stdout.splitlines() if "|" in line)
        expected = sorted("%s|%s" % (i["date"], i["charter"] + ": " + ("OVERDUE " if i["overdue"] else "")
                                     + i["summary"].split("\n")[0]) for i in items)
        listed_heads = sorted(line.split("\n")[0] for line in listed)
        check(len(listed) >= len(items), "%s: khal lists %d events for %d items" % (name, len(listed), len(items)))
        for want in expected:
            check(any(line.startswith(want[:60]) for line in listed_heads),
                  "%s: khal lists %r" % (name, want))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    args.charter = os.path.abspath(args.charter)
    here = os.path.dirname(os.path.abspath(__file__))

    window = ["--as-of", "2027-07-15", "--from", "2026-01-01"]
    ics = run(args.charter, args.cases, "every-kind.charter.yaml", *window, "--format", "ics", "--remind", "1m")
    golden = os.path.join(here, "every-kind.expected.ics")
    if args.update:
        with open(golden, "wb") as f:
            f.write(ics)
    with open(golden, "rb") as f:
        check(f.read() == ics, "every-kind: the bytes of every-kind.expected.ics")
    check(run(args.charter, args.cases, "every-kind.charter.yaml", *window, "--format", "ics", "--remind", "1m") == ics,
          "every-kind: the same bytes on a second run")
    check_bytes("every-kind", ics)
    items = json.loads(run(args.charter, args.cases, "every-kind.charter.yaml", *window, "--format", "json"))["items"]
    check(len(items) >= 9, "every-kind: at least one item of every kind")
    check_against_json("every-kind", events_of(ics), items, month_before)
    check_khal("every-kind", ics, items)

    hostile = ["hostile-text.charter.yaml", "--as-of", "2026-06-01"]
    ics = run(args.charter, args.cases, *hostile, "--format", "ics", "--remind", "2w")
    check_bytes("hostile-text", ics)
    items = json.loads(run(args.charter, args.cases, *hostile, "--format", "json"))["items"]
    events = events_of(ics)
    check_against_json("hostile-text", events, items, lambda d: datetime.timedelta(days=14))
    summaries = {str(e.get("SUMMARY")) for e in events}
    check("hostile: milestone 'm1' due: Deliver; test, and sign \\ approve\nthen ship (kabushiki)" in summaries,
          "hostile-text: punctuation and a newline survive: %r" % summaries)
    check(any("日本語のタイトル 🚀" in s and s.endswith("ééééééééééééééééééééé (kabushiki)") for s in summaries),
          "hostile-text: non-ASCII and a long title survive")
    check_khal("hostile-text", ics, items)

    print("%s" % ("ok" if not FAILURES else "%d failures" % len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
