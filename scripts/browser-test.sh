#!/usr/bin/env bash
# Browser test of the web pages: a real `yibao serve` on a fresh demo database and a temporary port, and headless
# Chromium at a phone's width (412 × 900) loading the sign-in, balance (我的医保), statement, family (共济),
# estimator, help search, article, ask and console pages. It checks the rendered DOM of each page, that nothing
# is loaded from another site, that no page is wider than the phone, and saves a full-page screenshot of each
# under .build/screenshots/.
#
# How the signed-in pages are reached: Chromium is driven through the DevTools protocol over a pipe
# (`--remote-debugging-pipe`: NUL-separated JSON on file descriptors 3 and 4), by the small Python script below
# that uses only the standard library. No websocket, no cookie database, no test-only route: the script types
# into the real sign-in form (ID number + password, with its CSRF token) and submits it, exactly as a person
# would, and the server's own HttpOnly session cookie does the rest. The console is signed into the same way
# with an operator token.
#
# In CI (CI=true) Chromium must be there (.ci/run installs it from Debian); elsewhere a missing Chromium skips
# the test with the reason. Usage: scripts/browser-test.sh   (YIBAO_BIN=path skips the build; CHROMIUM=path)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18190}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$CHROMIUM" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "browser test: chromium not found (CI installs it with apt-get install -y chromium)" >&2
    exit 1
  fi
  echo "browser test: skipped (chromium not installed; on Debian: apt-get install -y chromium fonts-noto-cjk)"
  exit 0
fi
command -v python3 >/dev/null || { echo "browser test: python3 is needed" >&2; exit 1; }
[ -n "${YIBAO_BIN:-}" ] || swift build --product yibao >/dev/null
BIN="${YIBAO_BIN:-$(swift build --show-bin-path)/yibao}"
SHOTS="$PWD/.build/screenshots"
mkdir -p "$SHOTS"
WORK="$(mktemp -d)"
DB="$WORK/pages.sqlite"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
"$BIN" --db "$DB" demo seed > /dev/null
OPERATOR="$("$BIN" --db "$DB" token issue --role operator --region 440300 --name 浏览器测试经办 --json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
YIBAO_LOG_LEVEL=warning "$BIN" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/api/v1/health" >/dev/null && break; sleep 0.1; done
curl -sf "$BASE/api/v1/health" >/dev/null || { echo "browser test: server did not start"; cat "$WORK/serve.log"; exit 1; }

status=0
BASE="$BASE" SHOTS="$SHOTS" CHROMIUM="$CHROMIUM" PROFILE="$WORK/profile" OPERATOR="$OPERATOR" python3 - <<'PY' || status=1
import base64, fcntl, json, os, select, subprocess, sys, time

BASE, SHOTS, OPERATOR = os.environ["BASE"], os.environ["SHOTS"], os.environ["OPERATOR"]
WIDTH, HEIGHT = 412, 900
TIMEOUT_SECONDS = 20
failures = []


class Browser:
    """Headless Chromium driven over --remote-debugging-pipe: we write to its fd 3 and read from its fd 4."""

    def __init__(self):
        to_child, self.to_browser = os.pipe()
        self.from_browser, from_child = os.pipe()
        # Copies above fd 20 (closed on exec), which the child then puts on 3 and 4 for Chromium to inherit.
        child_in = fcntl.fcntl(to_child, fcntl.F_DUPFD_CLOEXEC, 20)
        child_out = fcntl.fcntl(from_child, fcntl.F_DUPFD_CLOEXEC, 20)

        def on_fds_3_and_4():
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [os.environ["CHROMIUM"], "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--user-data-dir=" + os.environ["PROFILE"], "--no-first-run", "--no-default-browser-check",
                "--hide-scrollbars", "--lang=zh-CN", f"--window-size={WIDTH},{HEIGHT}", "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=on_fds_3_and_4, close_fds=False, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for fd in (to_child, from_child, child_in, child_out):
            os.close(fd)
        self.buffer, self.next_id, self.events = b"", 0, []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Page.enable", "Network.enable"):
            self.call(method, session=True)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True}, session=True)
        self.call("Emulation.setLocaleOverride", {"locale": "zh-CN"}, session=True)
        self.requests = []

    def read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + TIMEOUT_SECONDS
        while True:
            reply = self.read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for_load(self):
        deadline = time.time() + TIMEOUT_SECONDS
        while True:
            event = self.events.pop(0) if self.events else self.read_message(deadline)
            if event.get("method") == "Network.requestWillBeSent":
                self.requests.append(event["params"]["request"]["url"])
            if event.get("method") == "Page.loadEventFired":
                return

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        return result["result"].get("value")

    def open(self, path):
        self.events.clear()
        self.call("Page.navigate", {"url": BASE + path}, session=True)
        self.wait_for_load()

    def submit(self, form_selector, fields):
        """Fills a form's fields by id and submits it, then waits for the page the server answers with."""
        self.events.clear()
        script = "".join(f"document.getElementById({json.dumps(k)}).value = {json.dumps(v)};" for k, v in fields.items())
        self.evaluate(script + f"document.querySelector({json.dumps(form_selector)}).submit(); true")
        self.wait_for_load()

    def screenshot(self, name):
        size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                         "clip": {"x": 0, "y": 0, "width": WIDTH, "height": max(HEIGHT, size["height"]), "scale": 1}},
                         session=True)
        with open(os.path.join(SHOTS, name + ".png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        if size["height"] > 2 * HEIGHT:  # a long page: also what the phone shows first
            first = self.call("Page.captureScreenshot", {"format": "png"}, session=True)
            with open(os.path.join(SHOTS, name + "-first-screen.png"), "wb") as f:
                f.write(base64.b64decode(first["data"]))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def check(browser, name, path_expected, must_contain, must_not_contain=()):
    """Checks the rendered page: where it is, what its DOM says, its width, and where it loaded things from."""
    dom = browser.evaluate("document.documentElement.outerHTML") or ""
    path = browser.evaluate("location.pathname")
    width = browser.evaluate("document.documentElement.scrollWidth")
    problems = []
    if path != path_expected:
        problems.append(f"at {path}, expected {path_expected}")
    problems += [f"missing {text!r}" for text in must_contain if text not in dom]
    problems += [f"unexpected {text!r}" for text in must_not_contain if text in dom]
    if width > WIDTH:
        problems.append(f"page is {width}px wide, wider than the phone's {WIDTH}px")
    outside = [u for u in browser.requests if not u.startswith(BASE) and not u.startswith("data:")]
    if outside:
        problems.append(f"loaded from elsewhere: {outside}")
    browser.screenshot(name)
    print(("ok   " if not problems else "FAIL ") + f"{name:22} {path}" + ("" if not problems else ": " + "; ".join(problems)))
    if problems:
        failures.append(name)


browser = Browser()
try:
    # Signed out: a personal page sends to the sign-in form, which comes back afterwards.
    browser.open("/me")
    check(browser, "01-login", "/login", ["身份证号码", "密码", 'name="csrf"', "登录"])
    browser.submit("main form", {"idNumber": "440304199211050425", "password": "yibao-demo-2025"})
    check(browser, "02-me-dash-lina", "/me", ["李娜", "—", "二档不设个人账户", "怎么办"])
    browser.submit("header form", {})  # 退出 (the sign-out form carries the CSRF token)
    check(browser, "03-signed-out-home", "/", ["登录", "帮助中心"], ["李娜"])

    browser.open("/login")
    browser.submit("main form", {"idNumber": "440303198503120172", "password": "yibao-demo-2025"})
    check(browser, "04-me-balance-zhangwei", "/me", ["张伟", "¥240.00", "<svg", "近 12 个月个人账户余额走势", "家庭共济"])
    browser.open("/me/statement")
    check(browser, "05-statement", "/me/statement", ["账户明细", "个人账户划入", "+240.00"])
    browser.open("/me/family")
    check(browser, "06-family", "/me/family", ["我授权的亲属", "张建国", "撤销", "授权一位亲属"])
    browser.open("/me/estimate?run=1&med_type=21&medins_lv=3&setl_date=2025-12-18&class_a=8000&class_b=2000"
                 "&class_b_share=10&class_c=300&use_account=1")
    check(browser, "07-estimate", "/me/estimate", ["估算结果", "统筹基金支付", "计算过程", "住院起付线", "现金支付"])
    browser.open("/ask")
    browser.submit("main form", {"question": "我的余额为什么是这个数"})
    check(browser, "08-ask-personal", "/ask", ["回答", "240.00", "相关推荐"])

    browser.open("/help/search?q=%E4%BD%99%E9%A2%9D%E6%98%BE%E7%A4%BA%E4%B8%80%E6%9D%A1%E6%9D%A0")  # 余额显示一条杠
    check(browser, "09-help-search", "/help/search", ["搜索结果", "<mark>", "一条杠"], ["【"])
    browser.open("/help/articles/balance-zero-or-dash-causes")
    check(browser, "10-help-article", "/help/articles/balance-zero-or-dash-causes",
          ["简要回答", '<ol class="points">', "来源", "相关推荐"])
    browser.open("/help/articles/siping-glaucoma-surgery")
    check(browser, "11-help-article-health", "/help/articles/siping-glaucoma-surgery",
          ["本内容不能代替面诊，如有不适请尽快就医。", "相关推荐"])

    # The console: signed in with an operator token; crediting shows its progress, then the report.
    browser.open("/console")
    check(browser, "12-console-login", "/console/login", ["经办令牌"])
    browser.submit("main form", {"token": OPERATOR})
    check(browser, "13-console-home", "/console", ["参保登记", "个人账户划入", "账务审计"])
    browser.open("/console/crediting")
    browser.submit("main form", {"month": "2025-11"})
    for _ in range(20):
        if "已完成" in (browser.evaluate("document.body.innerText") or ""):
            break
        time.sleep(0.5)
        browser.open(browser.evaluate("location.pathname"))
    check(browser, "14-console-crediting", browser.evaluate("location.pathname"), ["划入任务", "<progress", "已完成", "划入结果"])
    browser.open("/console/persons")
    browser.submit("main form", {"person": "440304199211050425"})
    check(browser, "15-console-person", browser.evaluate("location.pathname"), ["李娜", "440304********0425", "二档"],
          ["440304199211050425"])
    browser.open("/console/enrol")
    check(browser, "16-console-enrol", "/console/enrol", ["身份证号码", "险种", "缴费基数（元）", "参保日期"])
    browser.open("/console/audit")
    browser.submit("main form", {})
    check(browser, "17-console-audit", "/console/audit", ["审计通过", "划转"])
except Exception as error:  # a broken page or browser must fail the test, with the reason
    print(f"FAIL browser test stopped: {error!r}")
    failures.append("driver")
finally:
    browser.close()

print(f"screenshots: {SHOTS}")
sys.exit(1 if failures else 0)
PY
if [ "$status" -ne 0 ]; then
  echo "browser test: failures (server log follows)"
  tail -50 "$WORK/serve.log"
fi
exit "$status"
