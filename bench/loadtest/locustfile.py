"""Locust users for the load test (started by run.sh).

Respondents sign in, open their response's task list, and go through the six
sections, one step every few seconds: each section page is fetched and parsed
(field names, CSRF token, revision) and answered; autosaved as the page's
script would (the JSON endpoint, carrying the revision); then saved with
"Save and continue". At the end they open "check your answers" and submit. What each
respondent submitted is appended to ``LOAD_RECORDS`` (one JSON line per
response) for ``check.py``. After submitting they keep reading their
response now and then. PCC users sign in, read their pages and download
the trends and their office's round workbook.

The users belong to several offices (prepare.py deals the organisations and PCC
users out to them). Every page and download a user fetches is recorded with the
office codes found in it (``seen.py``, to ``LOAD_SEEN``), and each user once asks
for another office's response (a respondent) or round workbook and response (a
PCC), which must be answered 404; ``check.py`` checks both.

Environment: ``LOAD_USERS`` (prepare.py's JSON), ``LOAD_RECORDS`` (the file to
append to), ``LOAD_SEEN`` (the pages seen), ``LOAD_HOSTS`` (comma-separated base
URLs; users are spread across them in turn).
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
from bench.loadtest import seen

USERS = json.load(open(os.environ["LOAD_USERS"]))
HOSTS = [h.strip() for h in os.environ.get("LOAD_HOSTS", "").split(",") if h.strip()]
RECORDS = os.environ["LOAD_RECORDS"]
SEEN = os.environ.get("LOAD_SEEN")
OFFICES = {o["code"]: o for o in USERS["offices"]}
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


def _other_office(code: str) -> dict | None:
    """The office after ``code``'s (None on a service of one office)."""
    codes = sorted(OFFICES)
    other = codes[(codes.index(code) + 1) % len(codes)]
    return OFFICES[other] if other != code else None


class SpreadUser(HttpUser):
    abstract = True
    email = office = ""

    def __init__(self, environment):
        host = next(_hosts)
        if host:
            self.host = host
        super().__init__(environment)

    def _get(self, path: str, name: str):
        """GET a page of one's own, recording whose data it showed."""
        reply = self.client.get(path, name=name)
        if reply.ok and SEEN:
            seen.record(SEEN, email=self.email, office=self.office, page=name,
                        content=reply.content)
        return reply

    def _probe(self, path: str, name: str) -> None:
        """GET another office's object: it must not be found (404)."""
        with self.client.get(path, name=name, catch_response=True,
                             allow_redirects=False) as r:
            if r.status_code == 404:
                r.success()
            else:
                r.failure(f"another office's {path}: {r.status_code}, not 404")
        if SEEN:
            seen.record(SEEN, email=self.email, office=self.office, page=name, probe=path,
                        status=r.status_code)


class Respondent(SpreadUser):
    """One step per task run, a few seconds apart: open the task list; then for each
    section open it, autosave, save and continue; then check and submit; then read."""

    fixed_count = len(USERS["respondents"])
    wait_time = between(1, 3)

    def on_start(self):
        me = next(_respondents)
        self.email, self.response_id, self.office = me["email"], me["response_id"], me["office"]
        self.rng = random.Random(self.response_id)
        self.text = TextMaker(self.rng)
        self.sections: list[str] | None = None
        self.form: SectionForm | None = None
        self.path, self.phase, self.sent = "", "open", {}
        self.submitted = False
        _sign_in(self, self.email)
        other = _other_office(self.office)
        if other is not None:
            theirs = other["response_ids"][0]
            self._probe(f"/respond/{theirs}", "another office's /respond/[id]")
            self._probe(f"/responses/{theirs}", "another office's /responses/[id]")

    @task
    def step(self):
        if self.submitted:
            self._get(f"/responses/{self.response_id}", "/responses/[id]")
        elif self.sections is None:
            tasks = self._get(f"/respond/{self.response_id}", "/respond/[id]")
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
        page = self._get(path, "/respond/[id]/sections/[section]")
        if not page.ok or not page.content:
            self.sections.insert(0, path)  # counted as a failure; try again next time
            return
        self.path, self.form = path, SectionForm.parse(page.content)
        if self.form is not None:
            self.form.fill(self.rng, self._text())
            self.phase = "autosave"

    def _text(self) -> str:
        return f"Answer from {self.email} of {self.office} at revision {self.form.revision}: " \
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
        check = self._get(f"/respond/{self.response_id}/check", "/respond/[id]/check")
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
        me = next(_pcc)
        self.email, self.office = me["email"], me["office"]
        self.round_id = OFFICES[self.office]["round_id"]
        _sign_in(self, self.email)
        other = _other_office(self.office)
        if other is not None:
            self._probe(f"/exports/rounds/{other['round_id']}.xlsx",
                        "another office's /exports/rounds/[id].xlsx")
            self._probe(f"/responses/{other['response_ids'][0]}",
                        "another office's /responses/[id]")

    @task(3)
    def pages(self):
        self._get("/pcc/", "/pcc/")
        self._get(f"/pcc/questionnaires/{USERS['questionnaire']}", "/pcc/questionnaires/[key]")
        self._get("/gaps", "/gaps")

    @task(1)
    def trends_workbook(self):
        self._download(f"/exports/questionnaires/{USERS['questionnaire']}/trends.xlsx",
                       "/exports/.../trends.xlsx")

    @task(1)
    def round_workbook(self):
        self._download(f"/exports/rounds/{self.round_id}.xlsx", "/exports/rounds/[id].xlsx")

    def _download(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as r:
            if r.status_code != 200 or not r.content.startswith(b"PK"):
                r.failure(f"download: {r.status_code}")
            elif SEEN:
                seen.record(SEEN, email=self.email, office=self.office, page=name,
                            content=r.content)


@events.quitting.add_listener
def _summary(environment, **_kw):
    stats = environment.stats.total
    print(f"LOAD SUMMARY requests={stats.num_requests} failures={stats.num_failures}")
