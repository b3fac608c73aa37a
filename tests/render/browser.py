#!/usr/bin/env python3
"""charter render's HTML read by real tools: html5lib, xmllint, headless Chromium, pdftoppm.

For each charter given (the examples, and hostile inputs made here):
  - `charter render` writes the HTML; the same bytes come out on a second run;
  - html5lib parses it (strict: any parse error fails) and every <svg> in it
    is well-formed XML for xmllint;
  - no string from the charter escapes as markup: no <script>, and as many
    <svg> elements as the renderer drew;
  - headless Chromium loads the page with no console message, takes a
    screenshot that is not blank, and prints it to PDF; pdftoppm turns the
    PDF's first page into an image that is not blank.

    browser.py --charter BIN [--save DIR] [--hostile] [CHARTER...]

--hostile adds charters made here whose strings try to break out (markup,
</svg>, 64-character ids, right-to-left text) and one of 10,000 milestones
(checked by html5lib and xmllint, not loaded in the browser: too slow).
--save DIR keeps each screenshot as DIR/NAME.png (examples/rendered/ in the
README). Exit status 77 (CTest's SKIP_RETURN_CODE) when chromium is absent:
scripts/deps.sh installs it, so CI never skips.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SKIP = 77
ON = "2027-06-30"


def png_pixels(data):
    """(width, height, channels, rows of bytes) of an 8-bit non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, head = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = head
    assert depth == 8 and interlace == 0, "only 8-bit, non-interlaced PNGs"
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def ppm_rows(data):
    """(width, height, 3, rows) of a binary PPM (P6, maxval 255) as pdftoppm writes it."""
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert m, "not a P6 PPM"
    w, h = int(m.group(1)), int(m.group(2))
    body = data[m.end():]
    return w, h, 3, [body[y * w * 3:(y + 1) * w * 3] for y in range(h)]


def dark_fraction(width, height, channels, rows):
    """The fraction of pixels that are clearly not white (sampled)."""
    dark = total = 0
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width, 4):
            px = row[x * channels:x * channels + min(channels, 3)]
            total += 1
            if min(px) < 200:
                dark += 1
    return dark / max(total, 1)


def hostile(folder):
    """Charters whose strings try to escape: markup, </svg>, long ids, RTL, many milestones."""
    out = []
    long_id = "a" * 64
    text = f"""charter: 1
id: hostile
title: "<script>alert(1)</script> </svg></title><b>bold</b> & 'quotes' \\"dq\\" שותפות שמש"
kind: joint-development
effective: 2026-01-01
term: {{length: 5y}}
currency: USD
parties:
  - {{id: {long_id}, name: "</svg><script>x()</script>", role: "مطور <i>", jurisdiction: "<US>"}}
  - {{id: b, name: "B & Co <b>", role: "]]> <!-- -->"}}
ip:
  assets:
    - {{id: x-{long_id[:60]}, title: "</svg><svg onload=alert(1)>", class: background, type: software, owner: {long_id}}}
milestones:
  - {{id: m1, title: "<img src=x onerror=alert(1)> ملف", owner: b, due: 2026-06-30}}
economics:
  shares: {{{long_id}: 50%, b: 50%}}
  streams:
    - id: s
      title: "</title></svg>"
      waterfall:
        - {{id: fee, to: b, amount: "10% * revenue"}}
        - {{id: rest, split: shares}}
exit:
  triggers:
    - {{id: t, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}}
scenarios:
  - {{id: s1, revenue: {{s: 1000}}, expect: {{b: 550}}}}
notes: "<script>alert('notes')</script>"
"""
    path = os.path.join(folder, "hostile.charter.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    out.append(path)
    lines = ["charter: 1", "id: many", "title: Ten thousand milestones", "kind: joint-development",
             "effective: 2026-01-01", "term: {length: 30y}", "currency: EUR", "parties:",
             "  - {id: a, name: A}", "  - {id: b, name: B}", "milestones:"]
    for i in range(10000):
        dep = f", depends_on: [m{i - 1}]" if i else ""
        lines.append(f"  - {{id: m{i}, title: \"Step <{i}>\", owner: a, due: 2026-02-01{dep}}}")
    lines.append("exit: {triggers: [{id: t, cause: convenience, invoked_by: any, leaver: invoker, "
                 "foreground: keep}]}")
    path = os.path.join(folder, "many.charter.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    out.append(path)
    return out


def check_html(charter, path, tmp, failures):
    name = os.path.basename(path).split(".")[0]
    run = lambda: subprocess.run([charter, "render", path, "--on", ON], capture_output=True,
                                 timeout=60)
    first, second = run(), run()
    if first.returncode not in (0, 1):
        failures.append(f"{name}: charter render exited {first.returncode}: {first.stderr!r}")
        return None
    if first.stdout != second.stdout:
        failures.append(f"{name}: two renders differ")
    html = first.stdout.decode("utf-8")
    import html5lib
    try:
        html5lib.HTMLParser(strict=True).parse(html)
    except Exception as e:  # html5lib raises ParseError with the position
        failures.append(f"{name}: html5lib: {e}")
    if "<script" in html.lower():
        failures.append(f"{name}: a <script> element in the output")
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    opened = len(re.findall(r"<svg ", html))
    if opened != len(svgs) or html.count("</svg>") != len(svgs):
        failures.append(f"{name}: {opened} <svg> opened, {html.count('</svg>')} closed")
    for i, svg in enumerate(svgs):
        p = os.path.join(tmp, f"{name}-{i}.svg")
        with open(p, "w", encoding="utf-8") as f:
            f.write(svg)
        r = subprocess.run(["xmllint", "--noout", p], capture_output=True, text=True)
        if r.returncode != 0:
            failures.append(f"{name}: SVG {i} is not well-formed: {r.stderr.strip()[:300]}")
    out = os.path.join(tmp, name + ".html")
    with open(out, "wb") as f:
        f.write(first.stdout)
    return out


def chromium(browser, args, tmp, timeout=60):
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp)
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--no-default-browser-check", "--disable-extensions",
           "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}"] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def check_browser(browser, html, tmp, save, failures):
    name = os.path.basename(html)[:-5]
    url = "file://" + html
    shot = os.path.join(tmp, name + ".png")
    r = chromium(browser, ["--hide-scrollbars", "--window-size=1200,1600", f"--screenshot={shot}", url], tmp)
    console = [l for l in r.stderr.splitlines() if "CONSOLE" in l]
    if console:
        failures.append(f"{name}: console messages: {console[:3]}")
    if not os.path.exists(shot):
        failures.append(f"{name}: no screenshot (chromium exited {r.returncode}): {r.stderr[-500:]}")
    else:
        with open(shot, "rb") as f:
            frac = dark_fraction(*png_pixels(f.read()))
        if frac < 0.01:
            failures.append(f"{name}: the screenshot is blank ({frac:.4f} of it not white)")
        if save:
            shutil.copy(shot, os.path.join(save, name + ".png"))
    pdf = os.path.join(tmp, name + ".pdf")
    r = chromium(browser, ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", url], tmp)
    if not os.path.exists(pdf) or os.path.getsize(pdf) == 0:
        failures.append(f"{name}: no PDF (chromium exited {r.returncode}): {r.stderr[-500:]}")
        return
    base = os.path.join(tmp, name + "-page")
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, base],
                   check=True, timeout=60)
    with open(base + ".ppm", "rb") as f:
        frac = dark_fraction(*ppm_rows(f.read()))
    if frac < 0.005:
        failures.append(f"{name}: the PDF's first page is blank ({frac:.4f} of it not white)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", required=True)
    ap.add_argument("--save")
    ap.add_argument("--hostile", action="store_true")
    ap.add_argument("charters", nargs="*")
    a = ap.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    tmp = tempfile.mkdtemp(prefix="charter-render-")
    failures = []
    try:
        inputs = list(a.charters) + (hostile(tmp) if a.hostile else [])
        pages = []
        for path in inputs:
            html = check_html(os.path.abspath(a.charter), path, tmp, failures)
            if html:
                pages.append((path, html))
        if not browser:
            for f in failures:
                print("FAIL " + f)
            print("SKIP: chromium is not installed (scripts/deps.sh installs it)")
            return 1 if failures else SKIP
        if a.hostile:
            # the checks themselves: a page that logs to the console and shows
            # almost nothing must fail both
            bad = os.path.join(tmp, "bad.html")
            with open(bad, "w", encoding="utf-8") as f:
                f.write("<!DOCTYPE html><html><head><title>t</title></head><body>"
                        "<script>console.error('boom')</script></body></html>")
            caught = []
            check_browser(browser, bad, tmp, None, caught)
            for what in ("console messages", "screenshot is blank", "first page is blank"):
                if not any(what in c for c in caught):
                    failures.append(f"self-test: a bad page was not caught: {what} (got {caught})")
        for path, html in pages:
            if os.path.basename(path).startswith("many"):
                continue  # 10,000 rows: parsed above; a browser run would only be slow
            check_browser(browser, html, tmp, a.save if path in a.charters else None, failures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL " + f)
    print(f"{len(inputs)} charters, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
