"""The browser benchmark still walks the whole way: one run of a 10-question section on
SQLite, in Chromium against gunicorn in production mode (about 15 seconds)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import bench_browser
from bench.browser_server import submitted

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    if not Path(bench_browser.CHROMIUM).exists():
        return f"Chromium is not installed at {bench_browser.CHROMIUM}"
    if not (ROOT / "static" / "build" / "app.css").exists():
        return "the front-end assets are not built (make assets)"
    return None


@pytest.fixture
def ready():
    reason = _missing()
    if reason:
        if os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no"):
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


def test_one_run_submits_both_responses_and_prints_both_tables(ready, tmp_path, capsys):
    code = bench_browser.main(["--runs", "1", "--warmup", "0", "--questions", "10",
                               "--data", str(tmp_path)])
    out = capsys.readouterr().out

    assert code == 0, out
    for cache in ("cold", "warm"):
        assert f"| {cache} cache: step |" in out
    assert "| the section (10 questions) |" in out
    assert "| submit -> the response page |" in out
    # both respondents' responses are submitted, with answers, in the database
    url = f"sqlite:///{tmp_path / 'browser.sqlite'}"
    # (nine answers: the tenth question is a list of gaps, stored as gaps)
    assert [submitted(url, n) for n in (1, 2)] == [("submitted", 9, 2)] * 2
    # the cold walk fetched the static files; the warm walk fetched none of them again
    cold, warm = out.split("| warm cache: step |")

    def row(text: str, step: str) -> str:
        return next(line for line in text.splitlines() if line.startswith(f"| {step} |"))

    assert not row(cold, "sign-in page").endswith("| 0.0 |")
    for step in ("sign-in page", "task list", "the section (10 questions)"):
        assert row(warm, step).endswith(", 0 | 0.0 |"), row(warm, step)
