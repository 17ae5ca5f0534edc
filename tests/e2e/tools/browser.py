#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# lvsweb in a real browser: headless Chromium driven through WebDriver
# (Debian's chromium, chromium-driver and python3-selenium), run inside the
# router's network namespace by e2e 90-web. Prints "PASS NAME" / "FAIL NAME:
# WHY" lines the scenario passes on, and "FIGURE NAME VALUE" lines.
# Usage: browser.py URL PASSWORD SHOTDIR [LVS_CF [SYNC]]
# Checks: the login page; a wrong password refused; the right one accepted;
# the control page filled live from /api/status (role, state, partner,
# heartbeat age, VIPs; a real server's state, weight, latency, last check
# and flaps, each with a plausible value); drain and undrain of a real
# server watched on the page and in the kernel's table (ipvsadm -Ln); a
# change posted without the CSRF token refused (403) and changing nothing;
# Reload from the keyboard (focused, Enter) confirmed done on the page;
# every action reachable from the keyboard; every form field labelled (the
# control page, lvs.cf's pages); no error in the browser's console. With
# LVS_CF (the file lvsweb edits): a real
# server's weight changed on its lvs.cf page, seen in ipvsadm -Ln and on the
# control page; an invalid weight shown next to its field and as
# file:line:col, with the file and the table unchanged; Undo. With
# SYNC: another weight changed, the control page showing that lvs.cf differs
# from the partner's, Synchronize to the partner, and the digests shown to
# match once the partner installed it and reloaded.
# Screenshots of the pages go to SHOTDIR.
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

URL, PASSWORD, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
LVS_CF = sys.argv[4] if len(sys.argv) > 4 else ""
SYNC = len(sys.argv) > 5 and sys.argv[5] == "sync"
failed = 0


def check(name, ok, why=""):
    global failed
    if ok:
        print(f"PASS {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name}: {why}", flush=True)


def wait(what, limit=30.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            v = what()
            if v:
                return v
        except WebDriverException:
            pass
        time.sleep(0.2)
    return None


def ipvs():
    return subprocess.run(["ipvsadm", "-Ln"], capture_output=True, text=True).stdout


def browser():
    """Chromium started here, then attached to: in the emulated guest it can
    take over a minute to start, longer than chromedriver waits for a
    browser it launches itself. Under the guest's emulation (TCG) every piece of
    machine code is translated before it runs, JIT-compiled JavaScript
    included: V8 runs interpreted only (--jitless; the pages' script is
    small), one renderer process at most, and the features that would
    fetch or compute in the background are off. Pages are composited in
    software by the browser itself: no GPU process and no SwiftShader,
    whose generated code emulation translates anew; the network service
    runs in the browser process, and there is no zygote. Measured
    in a fresh guest (start, attach, log-in page, screenshot, log-in, three
    pages): 102 s, against 205 s with the GPU process (first page 8 s
    instead of 21, the log-in 20 s instead of 42)."""
    args = ["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1280,900", "--no-first-run", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-breakpad", "--mute-audio",
            "--js-flags=--jitless", "--renderer-process-limit=1",
            "--disable-software-rasterizer", "--disable-gpu-compositing", "--no-zygote",
            "--enable-features=NetworkServiceInProcess2",
            "--disable-features=Translate,OptimizationHints,MediaRouter",
            "--user-data-dir=" + tempfile.mkdtemp(prefix="lvsweb-browser-"), "--remote-debugging-port=9222",
            "about:blank"]
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS="disabled:")
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=open("/tmp/chromium.log", "w"), env=env)

    def up():
        try:
            with urllib.request.urlopen("http://127.0.0.1:9222/json/version", timeout=5) as r:
                return r.status == 200
        except OSError:
            return False
    if not wait(up, 300):
        proc.kill()
        raise SystemExit("FAIL browser-start: chromium did not open its debugging port in 300 s")
    print(f"FIGURE browser-start-ms {int((time.monotonic() - t0) * 1000)}", flush=True)
    o = webdriver.ChromeOptions()
    o.add_experimental_option("debuggerAddress", "127.0.0.1:9222")
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(120)
    return d, proc


def row(d, key):
    return d.find_element(By.CSS_SELECTOR, f'tr[data-key="{key}"]')


# Values are read in the page by one script: the page re-renders on each
# poll of /api/status, and an element found in one WebDriver round trip can
# be gone by the next (a stale element reference; round trips are slow
# under the guest's emulation).
def cell(d, key, f):
    try:
        v = d.execute_script(
            "var r = document.querySelector('tr[data-key=\"' + arguments[0] + '\"]');"
            "var c = r && r.querySelector('[data-f=\"' + arguments[1] + '\"]');"
            "return c ? c.innerText.trim() : null;", key, f)
    except WebDriverException:
        v = None
    return "(no such row)" if v is None else v


def labelled(d):
    """Every visible input, select and textarea has a label or an aria-label:
    the names of those that have neither. One script in the page, not a
    WebDriver round trip per field (some 80 fields on an lvs.cf page, each
    round trip slow under the guest's emulation)."""
    return d.execute_script(
        "return Array.from(document.querySelectorAll('input, select, textarea')).filter(function (e) {"
        "  if (e.type === 'hidden' || e.getAttribute('aria-label')) return false;"
        "  return !(e.id && document.querySelector('label[for=\"' + CSS.escape(e.id) + '\"]'));"
        "}).map(function (e) { return e.name || '?'; });")


def check_labelled(d, name):
    unlabelled = labelled(d)
    check(name, unlabelled == [], unlabelled)


def login(d):
    d.get(URL + "/login")
    check("login-page", wait(lambda: d.find_elements(By.ID, "password")) is not None, d.page_source[:200])
    check_labelled(d, "login-fields-labelled")
    d.save_screenshot(f"{SHOTS}/login.png")
    f = d.find_element(By.ID, "password")
    f.send_keys("not the password")
    f.send_keys(Keys.ENTER)  # from the keyboard
    check("wrong-password-refused", wait(lambda: "/login" in d.current_url and d.find_elements(By.ID, "password")) and
          not d.find_elements(By.ID, "role"), d.current_url)
    # The refusal is the login page again: the right password goes into its
    # form (each page load costs seconds under emulation).
    f = wait(lambda: d.find_element(By.ID, "password"))
    f.send_keys(PASSWORD)
    f.send_keys(Keys.ENTER)
    check("login", wait(lambda: d.find_elements(By.ID, "role")) is not None, d.current_url + " " + d.page_source[:300])


def text(d, element_id):
    try:
        v = d.execute_script("var e = document.getElementById(arguments[0]); return e ? e.innerText.trim() : null;",
                             element_id)
    except WebDriverException:
        v = None
    return "(no #" + element_id + ")" if v is None else v


def monitoring(d, key):
    """The router's facts and a real server's figures, as /api/status fills
    them: r1 is the active primary, r2 its partner heard a moment ago."""
    check("role-shown", wait(lambda: text(d, "role") == "primary", 30) is not None, text(d, "role"))
    check("state-shown", text(d, "state") == "active", text(d, "state"))
    check("partner-shown", text(d, "partner") == "192.0.2.11 (alive, standby)", text(d, "partner"))
    age = re.fullmatch(r"(\d+\.\d) s ago", text(d, "hb-age"))
    check("heartbeat-age-shown", age is not None and float(age.group(1)) < 5, text(d, "hb-age"))
    vips = d.execute_script("return Array.from(document.querySelectorAll('#vips li')).map(e => e.innerText.trim());")
    # the virtual server's and the NAT router's floating addresses, both up
    want = (r"10\.0\.1\.254/24( eth1:1)?", r"192\.0\.2\.80/24( eth0:1)?")
    check("vips-shown", len(vips) == 2 and all(re.fullmatch(w, v) for w, v in zip(want, sorted(vips))), vips)
    latency = re.fullmatch(r"(\d+\.\d) ms", cell(d, key, "latency"))
    check("latency-shown", latency is not None and float(latency.group(1)) < 1000, cell(d, key, "latency"))
    check("last-check-shown", cell(d, key, "outcome") == "Ok", cell(d, key, "outcome"))
    check("flaps-shown", re.fullmatch(r"\d+", cell(d, key, "flaps")) is not None, cell(d, key, "flaps"))


def watch_drain(d, key, addr):
    check("control-page-live", wait(lambda: cell(d, key, "state") == "up", 60) is not None,
          f"{key} shows {cell(d, key, 'state')}")
    monitoring(d, key)
    check("in-kernel-before", addr in ipvs(), ipvs())
    d.save_screenshot(f"{SHOTS}/control.png")
    # Drain from the keyboard: focus the button, press Enter.
    b = row(d, key).find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Drain')]")
    b.send_keys(Keys.ENTER)
    check("drain-shown-on-page", wait(lambda: cell(d, key, "state") == "drained", 30) is not None,
          f"{key} shows {cell(d, key, 'state')}")
    check("drain-in-kernel", wait(lambda: addr not in ipvs(), 10) is not None, ipvs())
    d.save_screenshot(f"{SHOTS}/drained.png")
    b = row(d, key).find_element(By.XPATH, ".//button[starts-with(normalize-space(.), 'Undrain')]")
    b.send_keys(Keys.ENTER)
    check("undrain-shown-on-page", wait(lambda: cell(d, key, "state") == "up", 30) is not None,
          f"{key} shows {cell(d, key, 'state')}")
    check("undrain-in-kernel", wait(lambda: addr in ipvs(), 10) is not None, ipvs())


def csrf_refused(d, key, addr):
    """A form posted with the session cookie but without the CSRF token."""
    script = ("return fetch('/action', {method: 'POST', credentials: 'same-origin',"
              " headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
              " body: 'action=drain&target=' + encodeURIComponent(arguments[0])}).then(r => r.status);")
    shown = text(d, "updated")
    status = d.execute_script(script, key)
    check("no-csrf-token-refused", status == 403, f"status {status}")
    wait(lambda: text(d, "updated") != shown, 10)  # the page's next poll, after the refusal
    check("no-csrf-changes-nothing", cell(d, key, "state") == "up" and addr in ipvs(), cell(d, key, "state"))


def reload_from_keyboard(d):
    """The Reload button focused, then Enter to whatever has the focus; the
    page's last action says when the daemons applied it."""
    b = d.find_element(By.XPATH, "//button[normalize-space(.)='Reload lvs.cf']")
    d.execute_script("arguments[0].focus();", b)
    check("reload-button-focused", d.switch_to.active_element == b, d.switch_to.active_element.text)
    d.switch_to.active_element.send_keys(Keys.ENTER)
    action = lambda: text(d, "action")
    check("reload-from-keyboard-done", wait(lambda: action() == "Last action: reload: done", 30) is not None, action())


def kernel_weight(addr):
    for line in ipvs().splitlines():
        f = line.split()
        if len(f) >= 4 and f[0] == "->" and f[1] == addr:
            return f[3]
    return None


def edit_weight(d, virt, server, value, labels=False):
    d.get(f"{URL}/config/virtual/{virt}")
    f = wait(lambda: d.find_element(By.ID, f"f-{server}--weight"))
    if labels:
        check_labelled(d, "virtual-fields-labelled")
    f.clear()
    f.send_keys(value)
    f.send_keys(Keys.ENTER)  # submits the server's form, from the keyboard
    wait(lambda: d.find_elements(By.ID, "notice"))


# The lvs.cf pages' fields are checked for labels where the edit loads them
# anyway (a page load costs seconds under emulation): the virtual server's
# page on the first edit, the global page before Undo.
def edit(d, key, addr):
    before = open(LVS_CF).read()
    edit_weight(d, "web", "rs1", "not-a-weight", labels=True)
    errs = wait(lambda: d.find_elements(By.CSS_SELECTOR, ".field-error"), 10) or []
    check("invalid-weight-error-next-to-field", any("weight" in e.text for e in errs), d.page_source[:400])
    tops = d.find_elements(By.CSS_SELECTOR, "ul.diagnostics li")
    check("invalid-weight-file-line-col", any(LVS_CF + ":" in e.text for e in tops), [e.text for e in tops])
    d.save_screenshot(f"{SHOTS}/config-error.png")
    time.sleep(1)
    check("invalid-weight-changes-nothing", open(LVS_CF).read() == before and kernel_weight(addr) == "1",
          f"weight in the kernel {kernel_weight(addr)}")
    edit_weight(d, "web", "rs1", "3")
    check("weight-applied-to-file", "weight = 3" in open(LVS_CF).read(), open(LVS_CF).read()[:300])
    check("weight-in-kernel", wait(lambda: kernel_weight(addr) == "3", 20) is not None, ipvs())
    d.save_screenshot(f"{SHOTS}/config.png")
    d.get(URL + "/control")
    check("weight-on-page", wait(lambda: cell(d, key, "weight") == "3", 30) is not None,
          f"{key} weight {cell(d, key, 'weight')}")
    d.get(URL + "/config")
    b = wait(lambda: d.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Undo')]"))
    wait(lambda: d.find_elements(By.ID, "add-v-kind"))
    check_labelled(d, "config-fields-labelled")
    b.send_keys(Keys.ENTER)
    check("undo-restores-file", wait(lambda: open(LVS_CF).read() == before, 10) is not None, open(LVS_CF).read()[:300])
    check("undo-in-kernel", wait(lambda: kernel_weight(addr) == "1", 20) is not None, ipvs())


def synchronize(d):
    """lvs.cf changed here only, then pushed to the partner from the lvs.cf
    page; the partner's heartbeats then carry the same digest."""
    edit_weight(d, "web", "rs2", "2")
    check("sync-edit-applied", "weight = 2" in open(LVS_CF).read(), open(LVS_CF).read()[:300])
    d.get(URL + "/control")
    config = lambda: d.find_element(By.ID, "config").text
    check("digests-differ-shown", wait(lambda: "they differ" in config(), 30) is not None, config())
    d.get(URL + "/config")
    b = wait(lambda: d.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Synchronize')]"))
    b.send_keys(Keys.ENTER)
    said = lambda: d.find_element(By.ID, "notice").text
    notice = wait(lambda: any(w in said() for w in ("installed on", "refused", "failed")) and said(), 40) or said()
    check("sync-installed-on-partner", "installed on" in notice, notice)
    d.save_screenshot(f"{SHOTS}/synchronized.png")
    d.get(URL + "/control")
    check("digests-match-shown", wait(lambda: "the partner's is the same" in config(), 30) is not None, config())
    d.save_screenshot(f"{SHOTS}/control-synchronized.png")


# The refusals the test provokes on purpose: Chromium logs a document or
# fetch answered 4xx as a console error of source "network".
PROVOKED = (("/login", 403), ("/action", 403), ("/config", 422))


def provoked(e):
    m = e.get("message", "")
    return e.get("source") == "network" and any(f"{URL}{p} " in m and f"status of {c} " in m for p, c in PROVOKED)


def console_clean(d):
    logs = d.get_log("browser")
    errors = [e for e in logs if e.get("level") in ("SEVERE", "ERROR") and not provoked(e)]
    check("console-clean", errors == [], json.dumps(errors)[:500])
    print(f"FIGURE console-entries {len(logs)}", flush=True)


def phase(name, step, *args):
    """Runs a step and prints how long it took (FIGURE phase-NAME-ms)."""
    t0 = time.monotonic()
    step(*args)
    print(f"FIGURE phase-{name}-ms {int((time.monotonic() - t0) * 1000)}", flush=True)


def main():
    d, proc = browser()
    try:
        try:
            key, addr = "web/rs1", "10.0.1.21:80"
            phase("login", login, d)
            check_labelled(d, "control-fields-labelled")
            phase("drain", watch_drain, d, key, addr)
            phase("csrf", csrf_refused, d, key, addr)
            phase("reload", reload_from_keyboard, d)
            if LVS_CF:
                phase("edit", edit, d, key, addr)
            if LVS_CF and SYNC:
                phase("sync", synchronize, d)
            console_clean(d)
        except WebDriverException as e:
            d.save_screenshot(f"{SHOTS}/failure.png")
            check("browser-steps", False, str(e).splitlines()[0])
    finally:
        d.quit()
        proc.kill()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
