#!/usr/bin/env python3
"""Page tests in a real browser: headless Chromium loads every page of a small demo
workspace served by `panorama serve`, and each test asserts on what a person would see
(the text on the page, the figures, the names, the maps and charts drawn), then keeps a
screenshot.

Usage: Tests/browser/page-tests.py path/to/panorama [screenshot-directory]
Installs Chromium (the Debian package) when it is missing.
"""
import html.parser
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

panorama = os.path.realpath(sys.argv[1])
shots = os.path.realpath(sys.argv[2] if len(sys.argv) > 2 else ".build/screenshots")
os.makedirs(shots, exist_ok=True)
passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"✔ {name}")
    else:
        failed += 1
        print(f"✘ {name}: {detail}")


def chromium():
    """The browser's path, installing the Debian package when it is missing."""
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return shutil.which(name)
    print("Installing chromium for the page tests")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env, stdout=subprocess.DEVNULL)
    return shutil.which("chromium")


class VisibleText(html.parser.HTMLParser):
    """The text a person sees: no styles, no SVG tooltips, whitespace collapsed; and the
    drawings on the page, by their labels."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0
        self.svgs = []
        self.shapes = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "head", "script"):
            self.hidden += 1
        if tag == "svg":
            self.svgs.append(dict(attrs).get("aria-label", "chart"))
        if tag in ("circle", "rect", "polyline"):
            self.shapes += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title", "head", "script"):
            self.hidden -= 1
        if tag in ("td", "th", "p", "li", "h1", "h2", "h3", "div", "b", "tr", "a", "text"):
            self.parts.append(" ")

    def handle_data(self, data):
        if self.hidden == 0:
            self.parts.append(data)

    def text(self):
        return " ".join("".join(self.parts).split())


browser = chromium()
work = tempfile.mkdtemp(prefix="panorama-pages-")
servers = []


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(workspace):
    port = free_port()
    log = open(os.path.join(work, f"serve-{port}.txt"), "w")
    process = subprocess.Popen([panorama, "serve", workspace, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    servers.append(process)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/openapi.yaml", timeout=2).read()
            return base
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                break
            time.sleep(0.2)
    raise SystemExit(f"panorama serve {workspace} did not start: {open(log.name).read()}")


def api(base, path):
    return json.loads(urllib.request.urlopen(base + path, timeout=10).read())


def visit(base, path, name):
    """What the browser shows at `path`, after saving a screenshot as `name`.png."""
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1800"]
    dom = subprocess.run(common + ["--dump-dom", base + path], capture_output=True, text=True, timeout=120).stdout
    shot = os.path.join(shots, name + ".png")
    if os.path.exists(shot):
        os.remove(shot)
    subprocess.run(common + [f"--screenshot={shot}", base + path], capture_output=True, timeout=120)
    page = VisibleText()
    page.feed(dom)
    page.shot = os.path.getsize(shot) if os.path.exists(shot) else 0
    return page


try:
    demo = os.path.join(work, "demo")
    result = subprocess.run(
        [panorama, "demo", "--directory", demo, "--subscribers", "1000", "--days", "7", "--no-serve"], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit("panorama demo failed: " + result.stderr)
    base = serve(os.path.join(demo, "workspace"))

    page = visit(base, "/", "overview")
    text = page.text()
    check("the overview shows the totals", "1,000 customers" in text, text[:300])
    check(
        "the overview shows its charts and top tags",
        all(part in text for part in ("Value mix", "Product penetration", "Churn by month", "Top tags")) and len(page.svgs) >= 3,
        f"svgs {page.svgs}",
    )
    check("the overview's screenshot is a drawn page", page.shot > 20_000, f"{page.shot} bytes")

    wang = api(base, "/api/customers?number=13812345678")
    page = visit(base, "/customers?number=13812345678", "customer-xiao-wang")
    text = page.text()
    check("looking up Xiao Wang's number shows his page, masked", "Customer 138****5678" in text and "13812345678" not in text, text[:200])
    check(
        "his page shows value, stage, playbook and risks",
        all(part in text for part in ("value tier", "lifecycle stage", "Playbook", "Risks", "churn")),
        text[:600],
    )
    check("his anchors name his home and his office", "Xinghe Bay" in text and "Tianhe North Tower" in text, text)
    check("his white-collar tag is shown with its evidence", "demographic/occupation/white_collar" in text and "office_tower" in text, text)
    check(
        "his day in the life: home at night, work by day, on a timeline and a map",
        "A day in the life" in text and "Typical weekday" in text and "Typical weekend day" in text
        and "timeline" in page.svgs and any(label.startswith("map: the weekday") for label in page.svgs),
        f"svgs {page.svgs}",
    )
    weekday = (wang.get("panorama") or {}).get("typicalDay", {}).get("weekday", [])
    night = next((stretch for stretch in weekday if stretch["from"] <= 3 < stretch["to"]), None)
    check("the weekday's night is at home, as the API says", night is not None and night["anchor"] == "home", str(weekday)[:300])
    check("his page's screenshot is a drawn page", page.shot > 50_000, f"{page.shot} bytes")

    page = visit(base, "/territory", "territory")
    text = page.text()
    roots = api(base, "/api/territory")
    check("the territory lists its branches with figures", all(root["name"] in text for root in roots) and "customers" in text, text[:300])
    node = roots[0]
    trail = [node]
    while node.get("children"):
        node = api(base, "/api/territory/" + node["children"][0]["path"])
        trail.append(node)
    area = trail[-2]
    page = visit(base, "/territory/" + area["path"] + "?metric=revenue", "territory-area")
    text = page.text()
    check(
        "an area's page shows its figures, ranked stores and a map coloured by the chosen metric",
        area["name"] in text and f"{area['figures']['customers']:,}" in text
        and all(child["name"] in text for child in area["children"]) and any(label.startswith("map: revenue") for label in page.svgs),
        f"{text[:400]} svgs {page.svgs}",
    )
    store = trail[-1]
    page = visit(base, "/territory/" + store["path"], "store")
    text = page.text()
    check(
        "a store's page shows its kind, its regulars and its radiation area on the map",
        store["name"] in text and store["store"]["kind"] in text and "Regulars" in text and page.shapes > 10,
        f"{text[:500]} shapes {page.shapes}",
    )

    tasks = api(base, "/api/tasks?days=30")
    page = visit(base, "/tasks?days=30", "tasks")
    text = page.text()
    first = tasks["items"][0] if tasks["items"] else None
    check(
        "the task list shows the moments by value, masked",
        first is not None and first["masked"] in text and first["kind"] in text and "1381234" not in text,
        text[:400],
    )

    page = visit(base, "/customers/0000", "unknown-customer")
    check("an unknown customer is a page that says so", "No customer with this pseudonym" in page.text(), page.text()[:200])
    page = visit(base, "/territory/BR-9?metric=%3Cscript%3E", "unknown-region")
    check("an unknown region is a page that says so", "There is no region BR-9" in page.text(), page.text()[:200])

    bare = os.path.join(work, "bare")
    subprocess.run([panorama, "init", bare], check=True, capture_output=True)
    subprocess.run([panorama, "ingest", bare, os.path.join(demo, "city")], check=True, capture_output=True)
    page = visit(serve(bare), "/", "never-built")
    text = page.text()
    check(
        "a workspace never built says what to run",
        f"run `panorama build {bare}`" in text and f"run `panorama risk train {bare}`" in text,
        text[:400],
    )
finally:
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait()
    shutil.rmtree(work, ignore_errors=True)

print(f"{passed} page checks passed, {failed} failed; screenshots in {shots}")
sys.exit(1 if failed else 0)
