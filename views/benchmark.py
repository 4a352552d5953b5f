"""The national benchmark: the page (the office's own forces beside the distribution
across every participating office's forces) and the office's setting that takes part
in it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from exports.benchmark import MIN_FORCES, TOO_FEW, benchmark
from forms.office_settings import NO, YES, BenchmarkForm
from workflows.office_settings import set_benchmark_opt_in, settings_office

from .access import requires
from .navigation import add_nav

bp = Blueprint("benchmark", __name__)


@bp.route("/benchmark")
@requires("benchmark.view")
def show():
    return render_template("library/benchmark.html", result=benchmark(current_user.office_id),
                           min_forces=MIN_FORCES, too_few=TOO_FEW)


@bp.route("/admin/settings/benchmark", methods=["GET", "POST"])
@requires("office.settings")
def setting():
    office = settings_office(current_user)
    form = BenchmarkForm()
    if not form.is_submitted():
        form.benchmark.data = YES if office.benchmark_opt_in else NO
    elif form.validate():
        changed = set_benchmark_opt_in(office, form.opt_in, by=current_user)
        state = "takes part" if office.benchmark_opt_in else "does not take part"
        flash(f"Your office {state} in the national benchmark."
              if changed else f"Nothing changed: your office {state} in the national benchmark.",
              "success" if changed else "info")
        return redirect(url_for(".setting"))
    return render_template("library/benchmark_setting.html", form=form, office=office,
                           min_forces=MIN_FORCES,
                           form_has_errors=any(f.errors for f in form))


add_nav("pcc", "Benchmark", "benchmark.show", shared=True)
