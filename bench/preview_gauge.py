"""The browser gauge's delay after a typing pause, in Chromium (Debian's /usr/bin/chromium via Playwright).

An editor types a few words into the section editor, pauses, types again: PAUSES times. For each pause the page
itself records, with performance.now(), the last edit (the editor's ``pow:edited``) and the next frame after the
print preview laid the text out and wrote the gauge (``pow:preview``). Prints p50/p95 of that delay.
bench/load.py runs it idle and while the deadline-day load runs; on its own:
  .venv/bin/python bench/preview_gauge.py http://127.0.0.1:8000 <sessionid> /plannen/<pk>/onderdeel/analyse/
"""

import os
import statistics
import sys

CHROMIUM = os.environ.get("POW_CHROMIUM", "/usr/bin/chromium")
PAUSES = int(os.environ.get("BENCH_PREVIEW_PAUSES", "50"))
PAUSE_SECONDS = 0.4
# Runs in the page (Playwright's evaluate, not eval: the portal's CSP forbids eval).
RECORD = """() => {
  window.powBench = { last: 0, delays: [] };
  const form = document.getElementById('section-form');
  form.addEventListener('pow:edited', () => { window.powBench.last = performance.now(); });
  document.getElementById('print-preview').addEventListener('pow:preview', () => {
    const last = window.powBench.last;
    requestAnimationFrame(() => { if (last) window.powBench.delays.push(performance.now() - last); });
  });
}"""


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(base: str, session: str, url: str, *, pauses: int = PAUSES, csrf: str = "") -> list[float]:
    """The delays (ms) of ``pauses`` typing pauses in the editor at ``url``, logged in with ``session``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="nl-NL", base_url=base)
        host = base.split("://", 1)[1].split(":")[0]
        cookies = [{"name": "sessionid", "value": session, "domain": host, "path": "/"}]
        if csrf:
            cookies.append({"name": "csrftoken", "value": csrf, "domain": host, "path": "/"})
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        for _ in range(600):  # no wait_for_function: it evaluates with eval, which the CSP forbids
            if page.evaluate("document.getElementById('print-preview')?.dataset.previewReady === 'true'"):
                break
            page.wait_for_timeout(100)
        page.evaluate(RECORD)
        editor = page.frame_locator(".tox-edit-area iframe").first.locator("body")
        editor.click()
        page.keyboard.press("End")
        for n in range(pauses):
            page.keyboard.type(f" woord{n} en nog wat", delay=25)
            if n % 10 == 9:
                page.keyboard.press("Enter")
            page.wait_for_timeout(PAUSE_SECONDS * 1000)
        delays = page.evaluate("window.powBench.delays")
        browser.close()
    return delays


def summary(label: str, delays: list[float]) -> str:
    if not delays:
        return f"browser gauge after a typing pause, {label}: no pause measured"
    return (
        f"browser gauge after a typing pause, {label}: p50 {statistics.median(delays):.0f} ms, "
        f"p95 {percentile(delays, 0.95):.0f} ms over {len(delays)} pauses"
    )


if __name__ == "__main__":
    print(summary("standalone", measure(sys.argv[1], sys.argv[2], sys.argv[3])))
