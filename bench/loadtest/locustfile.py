"""Locust users for the load test (started by run.sh).

Respondents sign in, open their response's task list, and go through the six
sections, one step every few seconds: each section page is fetched and parsed
(field names, CSRF token, revision) and answered; autosaved as the page's
script would (the JSON endpoint, carrying the revision); then saved with
"Save and continue". At the end they open "check your answers" and submit. What each
respondent submitted is appended to ``LOAD_RECORDS`` (one JSON line per
response) for ``check.py``. After submitting they keep reading their
response now and then. PCC users sign in, read their pages and download
the trends and round workbooks.

Environment: ``LOAD_USERS`` (prepare.py's JSON), ``LOAD_RECORDS`` (the file to
append to), ``LOAD_HOSTS`` (comma-separated base URLs; users are spread
across them in turn).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task
from locust.exception import StopUser

from bench.formparse import SectionForm
from bench.gen_text import TextMaker

USERS = json.load(open(os.environ["LOAD_USERS"]))
HOSTS = [h.strip() for h in os.environ.get("LOAD_HOSTS", "").split(",") if h.strip()]
RECORDS = os.environ["LOAD_RECORDS"]
_respondents = iter(USERS["respondents"])
_pcc = itertools.cycle(USERS["pcc"])
_hosts = itertools.cycle(HOSTS or [None])
_CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')
_REVISION = re.compile(rb'name="revision"[^>]*value="([^"]*)"')
_SECTIONS = re.compile(rb'href="(/respond/\d+/sections/[a-z0-9-]+)"')


def _sign_in(user: HttpUser, email: str) -> None:
    page = user.client.get("/sign-in", name="/sign-in")
    token = _CSRF.search(page.content).group(1).decode()
    with user.client.post("/sign-in", data={"email": email, "password": USERS["password"],
                                            "csrf_token": token},
                          allow_redirects=False, catch_response=True, name="/sign-in POST") as r:
        if r.status_code != 302:
            r.failure(f"sign-in failed: {r.status_code}")
            raise StopUser()


class SpreadUser(HttpUser):
    abstract = True

    def __init__(self, environment):
        host = next(_hosts)
        if host:
            self.host = host
        super().__init__(environment)


class Respondent(SpreadUser):
    """One step per task run, a few seconds apart: open the task list; then for each
    section open it, autosave, save and continue; then check and submit; then read."""

    fixed_count = len(USERS["respondents"])
    wait_time = between(1, 3)

    def on_start(self):
        me = next(_respondents)
        self.email, self.response_id = me["email"], me["response_id"]
        self.rng = random.Random(self.response_id)
        self.text = TextMaker(self.rng)
        self.sections: list[str] | None = None
        self.form: SectionForm | None = None
        self.path, self.phase, self.sent = "", "open", {}
        self.submitted = False
        _sign_in(self, self.email)

    @task
    def step(self):
        if self.submitted:
            self.client.get(f"/responses/{self.response_id}", name="/responses/[id]")
        elif self.sections is None:
            tasks = self.client.get(f"/respond/{self.response_id}", name="/respond/[id]")
            if not tasks.ok:
                return
            found = (m.decode() for m in _SECTIONS.findall(tasks.content))
            self.sections = list(dict.fromkeys(found))
        elif self.phase == "autosave":
            self._autosave()
        elif self.phase == "save":
            self._save()
        elif self.sections:
            self._open(self.sections.pop(0))
        else:
            self._submit()

    def _open(self, path: str) -> None:
        page = self.client.get(path, name="/respond/[id]/sections/[section]")
        if not page.ok or not page.content:
            self.sections.insert(0, path)  # counted as a failure; try again next time
            return
        self.path, self.form = path, SectionForm.parse(page.content)
        if self.form is not None:
            self.form.fill(self.rng, self._text())
            self.phase = "autosave"

    def _text(self) -> str:
        return f"Answer from {self.email} at revision {self.form.revision}: " \
            f"{self.text.text(40, 1500)}"

    def _autosave(self) -> None:
        """What the page's script does every few seconds while the user types."""
        with self.client.post(f"{self.path}/autosave", data=self.form.data("save"),
                              catch_response=True,
                              name="/respond/[id]/sections/[section]/autosave") as r:
            if r.status_code != 200 or r.json().get("status") not in ("saved", "unchanged"):
                r.failure(f"autosave: {r.status_code} {r.text[:200]}")
            else:
                self.form.set("revision", str(r.json()["revision"]))
        self.form.fill(self.rng, self._text())  # typed some more
        self.phase = "save"

    def _save(self) -> None:
        with self.client.post(self.path, data=self.form.data("continue"), allow_redirects=False,
                              catch_response=True,
                              name="/respond/[id]/sections/[section] POST") as r:
            if r.status_code != 302:
                r.failure(f"save and continue: {r.status_code}")
            else:
                self.sent.update({n: list(self.form.values.get(n, []))
                                  for n in self.form.answer_names()})
        self.phase = "open"

    def _submit(self) -> None:
        check = self.client.get(f"/respond/{self.response_id}/check", name="/respond/[id]/check")
        if not check.ok:
            return
        token = _CSRF.search(check.content).group(1).decode()
        revision = _REVISION.search(check.content).group(1).decode()
        with self.client.post(f"/respond/{self.response_id}/submit", catch_response=True,
                              data={"csrf_token": token, "revision": revision},
                              name="/respond/[id]/submit") as r:
            if r.status_code != 200 or b"Response submitted" not in r.content:
                r.failure(f"submit: {r.status_code} {r.url}")
                return
        self.submitted = True
        with open(RECORDS, "a") as fh:
            fh.write(json.dumps({"email": self.email, "response_id": self.response_id,
                                 "fields": self.sent}) + "\n")


class Commissioner(SpreadUser):
    fixed_count = len(USERS["pcc"])
    wait_time = between(20, 40)

    def on_start(self):
        _sign_in(self, next(_pcc))

    @task(3)
    def pages(self):
        self.client.get("/pcc/", name="/pcc/")
        self.client.get(f"/pcc/questionnaires/{USERS['questionnaire']}",
                        name="/pcc/questionnaires/[key]")
        self.client.get("/gaps", name="/gaps")

    @task(1)
    def trends_workbook(self):
        self._download(f"/exports/questionnaires/{USERS['questionnaire']}/trends.xlsx",
                       "/exports/.../trends.xlsx")

    @task(1)
    def round_workbook(self):
        self._download(f"/exports/rounds/{USERS['round_id']}.xlsx", "/exports/rounds/[id].xlsx")

    def _download(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as r:
            if r.status_code != 200 or not r.content.startswith(b"PK"):
                r.failure(f"download: {r.status_code}")


@events.quitting.add_listener
def _summary(environment, **_kw):
    stats = environment.stats.total
    print(f"LOAD SUMMARY requests={stats.num_requests} failures={stats.num_failures}")
