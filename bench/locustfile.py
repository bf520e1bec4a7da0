"""The people ``bench/load.py`` sends at the server, as Locust users, and the stages they
are run in.

    python -m bench.locustfile PLAN.json RESULTS.json

``bench/load.py`` writes the plan (the server's address, who may sign in, which meetings
to read and publish, and the stages: how many users, for how long) and reads the results:
per page, the requests, errors and percentiles of each stage. Locust runs as a library in
this process of its own (it patches the standard library for gevent when imported, which
the seeding in ``bench/load.py`` must not see).

The mix, each user waiting 1 to 3 seconds between clicks:

- governors (most users) sign in once, then read their home page, the meetings list, a
  meeting's page and its agenda;
- the chair (one user) signs in once and works through the request queue;
- the secretary and an assistant (two users) sign in once, read the agenda builder, and
  one time in thirty-one add an item to a coming meeting's agenda and publish it (real forms,
  with their CSRF tokens; publishing makes the version's two PDFs and queues an email to
  every governor);
- visitors, not signed in, read the public front page, the public meetings list, a public
  meeting, its public agenda, its public agenda PDF and the calendar feeds.

Each request is named for its page and is one of these kinds: ``page`` (an HTML page),
``feed`` (a calendar feed), ``pdf``, ``publish`` (the secretary's forms that change
something) and ``sign-in``. Any answer but the one expected (200, or 302 after a form) is
an error.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import sys
import time
from collections import defaultdict
from html import unescape
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, between, events, task
from locust.env import Environment

WAIT = between(1, 3)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PLAN: dict[str, Any] = {}

# page name -> kind, for the groups the results are reported in.
KINDS: dict[str, str] = {}


def kind_of(name: str) -> str:
    return KINDS.get(name, "page")


def _named(name: str, kind: str = "page") -> str:
    KINDS[name] = kind
    return name


SIGN_IN_FORM = _named("sign in: form", "sign-in")
SIGN_IN = _named("sign in: send", "sign-in")
SIGN_INS = (SIGN_IN_FORM, SIGN_IN)


class _Person(FastHttpUser):
    """A user who signs in once, as ``email()``, when they start."""

    abstract = True
    wait_time = WAIT

    def email(self) -> str:
        raise NotImplementedError

    def on_start(self) -> None:
        token = self.csrf("/account/sign-in", SIGN_IN_FORM)
        self.send(
            "/account/sign-in",
            {"email": self.email(), "password": PLAN["password"], "csrf_token": token},
            SIGN_IN,
        )

    def page(self, path: str, name: str) -> str:
        """GET a page that must answer 200 (a redirect, to sign in for example, is an error)."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
                return ""
            return response.text or ""

    def csrf(self, path: str, name: str) -> str:
        found = CSRF.search(self.page(path, name))
        return unescape(found.group(1)) if found else ""

    def send(self, path: str, fields: dict[str, str], name: str) -> None:
        """POST a form that must answer with a redirect (302) when it succeeds."""
        with self.client.post(
            path, data=fields, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} for POST {path}")


GOVERNOR_HOME = _named("governor: home")
MEETINGS = _named("governor: meetings list")
MEETING = _named("governor: meeting page")
AGENDA = _named("governor: agenda")


class Governor(_Person):
    weight = 60

    def email(self) -> str:
        return f"person{random.choice(PLAN['governors'])}@example.org"

    @task(3)
    def home(self) -> None:
        self.page("/", GOVERNOR_HOME)

    @task(2)
    def meetings(self) -> None:
        self.page("/meetings/", MEETINGS)

    @task(2)
    def meeting(self) -> None:
        self.page(f"/meetings/{random.choice(PLAN['meetings'])}", MEETING)

    @task(2)
    def agenda(self) -> None:
        self.page(f"/agendas/{random.choice(PLAN['meetings'])}", AGENDA)


CHAIR_QUEUE = _named("chair: request queue")
CHAIR_HOME = _named("chair: home")


class Chair(_Person):
    """The council has one chair: one user, however many others there are."""

    fixed_count = 1

    def email(self) -> str:
        return f"person{PLAN['chair']}@example.org"

    @task(4)
    def queue(self) -> None:
        self.page("/requests/queue", CHAIR_QUEUE)

    @task(1)
    def home(self) -> None:
        self.page("/", CHAIR_HOME)


BUILDER = _named("secretary: agenda builder")
ITEM_FORM = _named("secretary: add item form")
ADD_ITEM = _named("secretary: add item", "publish")
PUBLISH = _named("secretary: publish agenda", "publish")
_secretaries = itertools.count()


class Secretary(_Person):
    """The board secretary and an assistant: two users, however many others there are.
    Each works on a coming meeting of their own, so two never publish the same agenda at
    the same moment."""

    fixed_count = 2

    def email(self) -> str:
        return f"person{PLAN['secretary']}@example.org"

    def on_start(self) -> None:
        meetings = PLAN["publish_meetings"]
        self.meeting = meetings[next(_secretaries) % len(meetings)]
        self.added = 0
        super().on_start()

    @task(30)
    def builder(self) -> None:
        self.page(f"/agendas/{self.meeting}/edit", BUILDER)

    @task(1)
    def add_and_publish(self) -> None:
        path = f"/agendas/{self.meeting}/items/new"
        token = self.csrf(path + "?part=public", ITEM_FORM)
        self.added += 1
        self.send(
            path,
            {
                "csrf_token": token,
                "part": "public",
                "title": f"Report from the working group, part {self.added}",
                "purpose": "note",
                "minutes_allowed": "5",
                "presenter": "Director of Strategy",
            },
            ADD_ITEM,
        )
        token = self.csrf(f"/agendas/{self.meeting}/edit", BUILDER)
        self.send(
            f"/agendas/{self.meeting}/publish",
            {
                "csrf_token": token,
                "change_note": f"Added the working group's report, part {self.added}",
                "confirming": "1",
                "checked": "y",
            },
            PUBLISH,
        )


FRONT = _named("public: front page")
PUBLIC_LIST = _named("public: meetings list")
PUBLIC_MEETING = _named("public: meeting page")
PUBLIC_AGENDA = _named("public: agenda")
PUBLIC_PDF = _named("public: agenda PDF", "pdf")
PUBLIC_FEED = _named("public: calendar feed", "feed")
BODY_FEED = _named("public: Council calendar feed", "feed")


class Visitor(_Person):
    """Not signed in."""

    weight = 30

    def on_start(self) -> None:
        pass

    @task(3)
    def front(self) -> None:
        self.page("/", FRONT)

    @task(1)
    def meetings(self) -> None:
        self.page("/meetings/public", PUBLIC_LIST)

    @task(2)
    def meeting(self) -> None:
        self.page(f"/meetings/public/{random.choice(PLAN['meetings'])}", PUBLIC_MEETING)

    @task(2)
    def agenda(self) -> None:
        self.page(f"/agendas/{random.choice(PLAN['meetings'])}/public", PUBLIC_AGENDA)

    @task(1)
    def agenda_pdf(self) -> None:
        self.page(f"/agendas/{random.choice(PLAN['meetings'])}/agenda-public.pdf", PUBLIC_PDF)

    @task(1)
    def feed(self) -> None:
        self.page("/meetings/public/calendar.ics", PUBLIC_FEED)

    @task(1)
    def council_feed(self) -> None:
        self.page(f"/bodies/{PLAN['council']}/calendar.ics", BODY_FEED)


FLOOR = _named("floor: bare Flask page")


class Floor(FastHttpUser):
    """The bare Flask app's one page (``bench/floor.py``), at the same pace."""

    wait_time = WAIT

    @task
    def page(self) -> None:
        with self.client.get(
            f"/?bytes={PLAN['floor_bytes']}", name=FLOOR, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for the floor page")


PRODUCT = [Governor, Chair, Secretary, Visitor]


# Running the stages ---------------------------------------------------------------------


class Samples:
    """Every response time of the current stage, by page name; and the first errors."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.sizes: dict[str, int] = defaultdict(int)
        self.messages: list[str] = []
        self.started = time.monotonic()

    def reset(self) -> None:
        self.__init__()

    def record(self, name: str, response_time: float, length: int, exception: Any) -> None:
        self.times[name].append(response_time)
        self.sizes[name] += length or 0
        if exception is not None:
            self.errors[name] += 1
            if len(self.messages) < 10:
                self.messages.append(f"{name}: {exception}")


def percentile(ordered: list[float], share: float) -> float:
    """Nearest rank: the smallest time that ``share`` of the requests took or less."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(times: list[float], errors: int, seconds: float, size: int = 0) -> dict[str, Any]:
    ordered = sorted(times)
    return {
        "requests": len(ordered),
        "errors": errors,
        "p50": percentile(ordered, 0.50),
        "p95": percentile(ordered, 0.95),
        "p99": percentile(ordered, 0.99),
        "rps": len(ordered) / seconds if seconds else 0.0,
        "bytes": size // len(ordered) if ordered else 0,
    }


def stage_result(samples: Samples, users: int) -> dict[str, Any]:
    seconds = time.monotonic() - samples.started
    pages = {
        name: {"kind": kind_of(name)}
        | summary(times, samples.errors[name], seconds, samples.sizes[name])
        for name, times in sorted(samples.times.items())
    }
    groups: dict[str, dict[str, Any]] = {}
    for group in ("page", "feed", "pdf", "publish", "sign-in"):
        names = [name for name in samples.times if kind_of(name) == group]
        if names:
            groups[group] = summary(
                [t for name in names for t in samples.times[name]],
                sum(samples.errors[name] for name in names),
                seconds,
            )
    # "pages": what the targets are for, HTML pages and feeds (PDFs and forms apart).
    target = [n for n in samples.times if kind_of(n) in ("page", "feed")]
    groups["pages"] = summary(
        [t for name in target for t in samples.times[name]],
        sum(samples.errors[name] for name in target),
        seconds,
    )
    groups["all"] = summary(
        [t for times in samples.times.values() for t in times],
        sum(samples.errors.values()),
        seconds,
    )
    return {
        "users": users,
        "seconds": seconds,
        "pages": pages,
        "groups": groups,
        "messages": samples.messages,
    }


def _spawned(runner: Any, users: int, limit: float) -> None:
    deadline = time.monotonic() + limit
    while runner.user_count < users and time.monotonic() < deadline:
        gevent.sleep(0.5)


def drive(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the plan's stages one after another on one swarm of users (each stage adds
    users to the last); the figures of each stage are taken once its users are all
    started and a few seconds have passed."""
    PLAN.clear()
    PLAN.update(plan)
    user_classes = [Floor] if plan["mix"] == "floor" else PRODUCT
    samples = Samples()

    @events.request.add_listener
    def _record(name: str, response_time: float, response_length: int, exception: Any, **_: Any):
        samples.record(name, response_time, response_length, exception)

    env = Environment(user_classes=user_classes, host=plan["host"], events=events)
    runner = env.create_local_runner()
    results = []
    try:
        for stage in plan["stages"]:
            users = stage["users"]
            runner.start(users, spawn_rate=stage["spawn_rate"])
            _spawned(runner, users, limit=users / stage["spawn_rate"] + 60)
            gevent.sleep(stage.get("settle", 3))
            # The sign-ins happen while users start: kept from before the figures begin.
            signed_in = stage_result(samples, runner.user_count)["pages"]
            samples.reset()
            gevent.sleep(stage["seconds"])
            result = stage_result(samples, runner.user_count)
            result["starting"] = {
                name: figures for name, figures in signed_in.items() if name in SIGN_INS
            }
            results.append(result)
            page = result["groups"]["pages"]
            print(
                f"  {users:>5} users: {page['rps']:.0f} pages/s, page p95 {page['p95']:.0f} ms",
                file=sys.stderr,
                flush=True,
            )
            if plan.get("stop_above_ms") and page["p95"] > plan["stop_above_ms"]:
                break
    finally:
        runner.quit()
    return results


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    plan = json.loads(Path(args[0]).read_text())
    Path(args[1]).write_text(json.dumps(drive(plan)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
