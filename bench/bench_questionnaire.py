"""Questionnaire loading: validate, store and build the form for a 300-question
file; then build the form again for the cached version.

    .venv/bin/python -m bench.bench_questionnaire [--questions 300]

Prints each step's time (median of several runs) and how much cheaper the
cached form is than the first build. Works on a throw-away SQLite database.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import timeit
from pathlib import Path

from .common import fmt_s, make_app, print_machine, sqlite_url, timed
from .gen_questionnaire import questionnaire_yaml


def measure(sections: int = 30, repeat: int = 5) -> dict:
    from flask_migrate import upgrade

    from forms.format.validate import validate
    from forms.questionnaire.builder import build_form_class, clear_form_cache, form_class_for
    from models import db
    from workflows.questionnaires import get_version, load_questionnaire

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(sqlite_url(Path(tmp) / "load.sqlite"), instance=Path(tmp))
        with app.app_context():
            upgrade()
            data = questionnaire_yaml(1, sections=sections, key="load-bench").encode()
            out["bytes"], out["questions"] = len(data), sections * 10
            out["validate"] = timed(lambda: validate(data, "load-bench.yaml"), repeat=repeat)
            keys = iter(range(1000))

            def store():
                text = questionnaire_yaml(1, sections=sections, key=f"load-bench-{next(keys)}")
                result = load_questionnaire(text, path="load-bench.yaml")
                assert result.status == "loaded", result.report()

            out["store"] = timed(store, repeat=repeat)  # validates again, then stores
            version = get_version("load-bench-0", 1)
            definition = version.definition

            def first_build():
                clear_form_cache()
                form_class_for(definition)

            out["build"] = timed(first_build, repeat=repeat)
            out["build_uncached_class"] = timed(lambda: build_form_class(definition), repeat=repeat)
            form_class_for(definition)
            n = 20000
            runs = timeit.repeat(lambda: form_class_for(definition), number=n, repeat=5)
            per_call = min(runs) / n
            out["cached"] = {"median": per_call, "min": per_call}
            # the per-request path: the version row -> cached Definition -> cached class
            per_request = min(timeit.repeat(lambda: form_class_for(version.definition),
                                            number=n, repeat=5)) / n
            out["cached_via_version"] = {"median": per_request, "min": per_request}
            cls = form_class_for(definition)
            out["instantiate"] = timed(lambda: cls(meta={"csrf": False}), repeat=repeat)
            db.session.remove()
            db.engine.dispose()
    return out


def report(out: dict) -> None:
    print(f"questionnaire: {out['questions']} questions, {out['bytes'] / 1024:.0f} KiB of YAML")
    rows = [("validate", "validate the YAML"),
            ("store", "load_questionnaire: validate, check history, store version + questions"),
            ("build", "form_class_for, first time (builds the class)"),
            ("cached", "form_class_for again, cached (same Definition object)"),
            ("cached_via_version", "form_class_for(version.definition), cached (per request)"),
            ("instantiate", "instantiate the cached form class (unbound, per request)")]
    for key, label in rows:
        print(f"  {label:<78} {fmt_s(out[key]['median']):>10}")
    ratio = out["build"]["median"] / out["cached_via_version"]["median"]
    print(f"first build / cached lookup: {ratio:,.0f}x "
          f"({fmt_s(out['build']['median'])} vs {fmt_s(out['cached_via_version']['median'])})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=300, help="a multiple of 10")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print_machine()
    report(measure(max(1, args.questions // 10), args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
