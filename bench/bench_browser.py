"""What users feel: a respondent's walk in a real browser, step by step.

    .venv/bin/python -m bench.bench_browser [--runs 5] [--backend sqlite|postgres]

Prepares a fresh database through the app's workflows (``bench/browser_server.py``:
one office, a 40-question one-section questionnaire from ``bench/gen_section.py``,
two respondents per run, each of their own force, an open round asking them), builds
the static files as ``make static`` does, and serves the app with gunicorn in
production mode (WhiteNoise serving the fingerprinted, compressed build). Then, per
run, in a new Chromium context (headless, through Playwright): the first respondent
walks sign-in -> task list -> the section -> fills every question -> "Save and
continue" -> check your answers -> "Submit response" with nothing cached (**cold**);
signs out; and the second respondent walks the same way in the same context
(**warm**: the static files are in the browser's cache, as on a second visit; the
pages themselves are never cached, ``Cache-Control: no-store``). For every page the
walk lands on, the page's Navigation Timing entry is read, and the medians over the
runs are printed per step. Each run ends by checking in the database that both
responses are submitted, with their answers. Exits 1 if any step fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

from .browser_server import RUN, Server, build_static, fresh_database, prepare_data, submitted
from .common import print_machine

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 60_000
STEPS = [
    ("sign-in page", "GET"),
    ("sign in -> home", "POST"),
    ("task list", "GET"),
    ("the section ({n} questions)", "GET"),
    ("save and continue -> check your answers", "POST"),
    ("submit -> the response page", "POST"),
]
TIMING = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource").filter(r => r.initiatorType !== "fetch"
      && r.initiatorType !== "xmlhttprequest");
  const fetched = res.filter(r => r.transferSize > 0);
  return {url: n.name, redirects: n.redirectCount,
          redirect: n.redirectCount ? n.redirectEnd - n.redirectStart : null,
          server: n.responseStart - n.requestStart, response_end: n.responseEnd,
          dom: n.domContentLoadedEventEnd, load: n.loadEventEnd,
          transfer: n.transferSize, body: n.encodedBodySize, resources: res.length,
          fetched: fetched.length,
          fetched_bytes: fetched.reduce((sum, r) => sum + r.transferSize, 0)};
}"""


class WalkFailed(RuntimeError):
    pass


# ------------------------------------------------------------------------ the walk


def _landed(page, step: str, path: str, *, prefix: bool = False) -> dict:
    """The navigation entry of the page just loaded (after its load event has ended),
    which must be at ``path`` (or under it, with ``prefix``)."""
    page.wait_for_function(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n && n.loadEventEnd > 0; }")
    landed = urlsplit(page.url).path
    if not (landed.startswith(path) if prefix else landed == path):
        raise WalkFailed(f"{step}: expected the page at {path}, landed on {page.url}")
    return dict(page.evaluate(TIMING), step=step)


def _click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def walk(page, base: str, person: dict, password: str, variant: int = 0) -> list[dict]:
    """One respondent's walk from the sign-in page to the submitted response; ``variant``
    chooses the answers (the same variant gives the same answers, and the same pages)."""
    response_id = person["response_id"]
    seen = []
    page.goto(f"{base}/sign-in")
    seen.append(_landed(page, "sign-in page", "/sign-in"))
    page.fill("#email", person["email"])
    page.fill("#password", password)
    _click(page, page.get_by_role("button", name="Sign in", exact=True))
    seen.append(_landed(page, "sign in -> home", "/"))
    _click(page, page.locator(f"main a[href='/respond/{response_id}']"))
    seen.append(_landed(page, "task list", f"/respond/{response_id}"))
    _click(page, page.locator(f"main a[href^='/respond/{response_id}/sections/']").first)
    seen.append(_landed(page, "the section", f"/respond/{response_id}/sections/",
                        prefix=True))
    fill_section(page, variant)
    _click(page, page.get_by_role("button", name="Save and continue", exact=True))
    seen.append(_landed(page, "save and continue -> check your answers",
                        f"/respond/{response_id}/check"))
    _click(page, page.get_by_role("button", name="Submit response", exact=True))
    seen.append(_landed(page, "submit -> the response page", f"/responses/{response_id}"))
    banner = page.locator(".govuk-notification-banner").inner_text()
    if "Response submitted" not in banner:
        raise WalkFailed(f"submit: no confirmation on {page.url}: {banner[:200]!r}")
    return seen


ANSWER = ("This quarter the force reviewed the {what} with its partners. The multi-agency "
          "safeguarding hub now screens every referral within 24 hours, and the audit of "
          "March found 92% of cases recorded correctly. Training for frontline officers "
          "continues; 410 of 520 have completed the course. ")


def fill_section(page, variant: int) -> int:
    """Answer every question on the section page as a user would (clicks and typing):
    every radio group (ratings 1 to 4 in turn, so some ``show_if`` questions appear),
    a box or two of every check-box group, every visible text box and text area (long
    answers of about a thousand characters, rating explanations), and a gap on the first
    rating and in the first list of other gaps. Returns the number of fields filled."""
    form = page.locator("main form[method=post][action*='/sections/']").first
    names = form.evaluate("""f => {
      const seen = {radio: [], checkbox: []};
      for (const el of f.querySelectorAll("input[type=radio], input[type=checkbox]"))
        if (!seen[el.type].includes(el.name)) seen[el.type].push(el.name);
      return seen; }""")
    filled = 0
    for k, name in enumerate(names["radio"]):
        options = form.locator(f"input[type=radio][name='{name}']")
        pick = (k + variant) % 4 + 1 if name.endswith("_rating") \
            else (k + variant) % options.count()
        if name.endswith("_rating"):
            form.locator(f"input[name='{name}'][value='{pick}']").check()
        else:
            options.nth(pick).check()
        filled += 1
    for k, name in enumerate(names["checkbox"]):
        boxes = form.locator(f"input[type=checkbox][name='{name}']")
        for i in {k % boxes.count(), (k + 3) % boxes.count()}:
            boxes.nth(i).check()
        filled += 1
    filled += _fill_gap(form, "rating") + _fill_gap(form, "other_gaps")
    for field in form.locator("textarea:visible, input[type=text]:visible").all():
        name = field.get_attribute("name") or ""
        if not name.startswith(("q_", "explain_")) or field.input_value():
            continue
        if "referrals" in name:
            field.fill(str(100 + variant))
        elif field.evaluate("el => el.tagName") == "TEXTAREA":
            field.fill((ANSWER.format(what=name[2:].replace("_", " ")) * 4)[:1000])
        else:
            field.fill(f"Detective Superintendent {variant + 1}, head of public protection")
        filled += 1
    return filled


def _fill_gap(form, question_end: str) -> int:
    """The first empty gap of the first question whose id ends so: title, detail, area."""
    title = form.locator(f"input[name$='{question_end}-0-title']").first
    prefix = (title.get_attribute("name") or "")[:-len("-0-title")]
    title.fill("Systems are not integrated across partners")
    form.locator(f"textarea[name='{prefix}-0-detail']").fill(
        "Children's social care and the force use separate case systems.")
    form.locator(f"select[name='{prefix}-0-area']").select_option(index=1)
    return 1


# ------------------------------------------------------------------------ the runs


def run_all(base: str, found: dict, url: str, runs: int, warmup: int = 1) -> list[dict]:
    """``warmup`` runs left out of the figures (the server's first requests compile its
    templates), then ``runs`` runs, each a cold walk and a warm one in one new context."""
    from playwright.sync_api import sync_playwright

    people = found["respondents"]
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for r in range(warmup + runs):
                cold, warm = people[2 * r], people[2 * r + 1]
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                page.set_default_navigation_timeout(TIMEOUT_MS)
                try:
                    first = walk(page, base, cold, found["password"], r)
                    _click(page, page.get_by_role("button", name="Sign out", exact=True))
                    second = walk(page, base, warm, found["password"], r)
                finally:
                    context.close()
                for person in (cold, warm):
                    _check_submitted(url, person)
                if r >= warmup:
                    results.append({"cold": first, "warm": second})
                what = "warm-up" if r < warmup else f"run {r - warmup + 1} of {runs}"
                print(f"{what}: both walks submitted", file=sys.stderr, flush=True)
        finally:
            browser.close()
    return results


def _check_submitted(url: str, person: dict) -> None:
    status, answers, gaps = submitted(url, person["response_id"])
    if status != "submitted" or answers == 0 or gaps < 2:
        raise WalkFailed(f"response {person['response_id']} is {status} with {answers} "
                         f"answers and {gaps} gaps in the database, not submitted with the "
                         "answers and the two gaps the walk gave")


# ------------------------------------------------------------------------ the table


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _kb(value) -> str:
    return f"{value / 1024:,.1f}"


def table(results: list[dict], cache: str, questions: int) -> list[str]:
    """Markdown table of the medians, one row per step, for ``cache`` (cold or warm)."""
    lines = [f"| {cache} cache: step | server | POST + redirect | response end | "
             "DOMContentLoaded | load (min–max) | page KB (body) | files, fetched | fetched KB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for i, (label, _method) in enumerate(STEPS):
        rows = [run[cache][i] for run in results]

        def med(key, rows=rows):
            values = [row[key] for row in rows if row[key] is not None]
            return statistics.median(values) if values else None

        lines.append(
            f"| {label.format(n=questions)} | {_ms(med('server'))} | {_ms(med('redirect'))} | "
            f"{_ms(med('response_end'))} | {_ms(med('dom'))} | **{_ms(med('load'))}** "
            f"({_ms(min(row['load'] for row in rows))}–{_ms(max(row['load'] for row in rows))}) | "
            f"{_kb(med('transfer'))} ({_kb(med('body'))}) | "
            f"{med('resources'):.0f}, {med('fetched'):.0f} | {_kb(med('fetched_bytes'))} |")
    total = statistics.median(sum(row["load"] for row in run[cache]) for run in results)
    lines.append(f"| **the whole walk** (sum of the loads) | | | | | **{_ms(total)}** | | | |")
    return lines


def print_report(results: list[dict], args, server: Server) -> None:
    print()
    print(f"Median of {len(results)} runs, milliseconds from the start of each navigation "
          "(Navigation Timing, performance.getEntriesByType('navigation')[0]):")
    print("server = responseStart - requestStart (the landing page's request, as the "
          "browser saw it);")
    print("a form POST's entry is the page after the redirect: 'POST + redirect' is "
          "redirectEnd - redirectStart,")
    print("the POST's round trip (its server time included) before the GET of the page "
          "it leads to;")
    print("page KB = the HTML's transferSize (encodedBodySize); files = the page's "
          "stylesheets, scripts, fonts and images,")
    print("fetched = those that came over the network (transferSize > 0), the rest from "
          "the browser's cache.")
    print("cold: a new browser context, nothing cached; warm: the same context, signed out "
          "and in again as a second respondent.")
    for cache in ("cold", "warm"):
        print()
        print("\n".join(table(results, cache, args.questions)))
    print()
    print(f"backend {args.backend}; gunicorn {server.workers} workers x {server.threads} "
          f"threads, APP_ENV=production, WhiteNoise static build; {len(results)} runs "
          f"after {args.warmup} warm-up run(s); {args.questions} questions")


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--warmup", type=int, default=1,
                        help="runs before the measured ones, left out of the figures")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", type=Path, default=RUN,
                        help="where the SQLite file, the static build and the server's logs go")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.questions < 10:
        parser.error("--runs must be at least 1, --warmup at least 0 and --questions at "
                     "least 10 (the walk fills in a list of gaps, the tenth question)")
    if not Path(CHROMIUM).exists():
        print(f"Chromium is not installed at {CHROMIUM} (set CHROMIUM_PATH)", file=sys.stderr)
        return 1
    print_machine()
    print(f"browser: {chromium_version()} (headless, Playwright); load average at the start: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    url = fresh_database(args.backend, args.data)
    found = prepare_data(url, 2 * (args.warmup + args.runs), args.questions, args.data)
    static = args.data / "static"
    build_static(static)
    started = time.perf_counter()
    try:
        with Server(url, static, workers=args.workers, threads=args.threads,
                    logs=args.data) as server:
            results = run_all(server.base, found, url, args.runs, args.warmup)
    except Exception as exc:  # a step failed: say which, exit 1
        traceback.print_exc()
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print_report(results, args, server)
    print("load average at the end: " + " ".join(f"{x:.2f}" for x in os.getloadavg())
          + f"; {time.perf_counter() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
