"""Deadline day, as locust users (started by bench/load.py; sessions and ids come from its seed file).

- Editor (105 = 35 regions x 3): autosaves a 1-2 A4 text in one limited section every 10 s.
- Reviewer (3 ondersteuningsteam): the queue and plan pages; Payments (2 ministry): circulaires, a payment list,
  decisions; Exporter (1 ministry): downloads the payment list as CSV, XLSX and PDF.
- OneQuery: the same number of users at the same pace, each asking the one-query view (the yardstick).
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, constant, task

POLL = re.compile(r'data-hx-get="(?P<url>[^"]+)" data-hx-trigger="load delay:(?P<delay>\d+)ms"')
DATA = json.loads(open(os.environ["POW_LOAD_DATA"]).read())  # noqa: SIM115
PARAGRAPH = DATA["paragraph"]
_editors = itertools.cycle(DATA["editors"])
_ot = itertools.cycle(DATA["reviewers"])
_ministry = itertools.cycle(DATA["ministry"])


def login(user, account):
    user.client.cookies.set("sessionid", account["session"])
    user.client.cookies.set("csrftoken", DATA["csrf"])


class Editor(HttpUser):
    fixed_count = 105
    wait_time = constant(10)

    def on_start(self):
        self.me = next(_editors)
        login(self, self.me)
        self.version = self.me["version"]
        self.n = 0
        self.paragraphs = random.randint(*DATA["paragraphs_1_to_2_a4"])
        gevent.sleep(random.uniform(0, 10))  # spread the editors over the 10 s

    @task
    def autosave(self):
        self.n += 1
        text = PARAGRAPH * self.paragraphs + f"<p>Aanvulling {self.n} van {self.me['username']}.</p>"
        data = {"expected_version": self.version, **{f"part_{p}": "" for p in self.me["parts"]}}
        data[f"part_{self.me['parts'][0]}"] = text
        started = time.perf_counter()
        with self.client.post(
            self.me["url"], data=data, headers={"X-CSRFToken": DATA["csrf"]}, name="autosave", catch_response=True
        ) as response:
            if response.status_code == 200 and "X-Section-Version" in response.headers:
                self.version = int(response.headers["X-Section-Version"])
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
                return
            html = response.text
        # The exact gauge follows: poll as the page does (htmx; the first poll after 300 ms, then each answer says
        # when to ask again, backing off to 3 s) until this text's measure is on screen.
        polls = 0
        while "data-gauge-pending" in html and polls < 40:
            match = POLL.search(html)
            gevent.sleep(int(match["delay"]) / 1000)
            polls += 1
            url = match["url"].replace("&amp;", "&")
            with self.client.get(url, name="gauge poll", catch_response=True) as poll:
                if poll.status_code != 200:
                    poll.failure(f"HTTP {poll.status_code}")
                    return
                html = poll.text
        pending = "data-gauge-pending" in html
        self.environment.events.request.fire(
            request_type="GAUGE",
            name="exact gauge on screen",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=polls,
            exception=Exception("gauge never came") if pending else None,
            context={},
        )
        if self.n % 4 == 1:  # now and then the region opens the section again, or its plan page
            self.client.get(self.me["url"].removesuffix("autosave/"), name="section editor")
        if self.n % 4 == 3:
            self.client.get(self.me["url"].split("onderdeel/")[0], name="plan page")


class Reviewer(HttpUser):
    fixed_count = 3
    wait_time = between(1, 3)

    def on_start(self):
        login(self, next(_ot))

    @task(2)
    def queue(self):
        self.client.get("/beoordeling/", name="queue")

    @task(1)
    def queue_page_2(self):
        self.client.get("/beoordeling/?sort=regio&pagina=2", name="queue")

    @task(3)
    def plan_page(self):
        self.client.get(f"/beoordeling/plan/{random.choice(DATA['submitted'])}/", name="plan review page")


class Payments(HttpUser):
    fixed_count = 2
    wait_time = between(1, 3)

    def on_start(self):
        login(self, next(_ministry))

    @task(1)
    def circulaires(self):
        self.client.get("/beoordeling/circulaires/", name="circulaires")

    @task(3)
    def payment_list(self):
        self.client.get(f"/beoordeling/circulaires/{DATA['circulaire']}/", name="payment list")

    @task(1)
    def decisions(self):
        self.client.get("/beoordeling/besluiten/", name="decisions")


class Exporter(HttpUser):
    fixed_count = 1
    wait_time = between(3, 6)

    def on_start(self):
        login(self, DATA["exporter"])

    @task
    def export(self):
        fmt = random.choice(["csv", "xlsx", "pdf"])
        self.client.get(f"/beoordeling/circulaires/{DATA['circulaire']}/betaallijst.{fmt}", name=f"export {fmt}")


class OneQuery(HttpUser):
    """The yardstick, at the editors' pace: as many users as there are editors."""

    fixed_count = 105
    wait_time = constant(10)

    def on_start(self):
        gevent.sleep(random.uniform(0, 10))

    @task
    def one_query(self):
        self.client.get("/bench/one-query/", name="one-query view")


class OneQueryBrowsing(HttpUser):
    """The yardstick at the reviewers' and the exporter's pace: as many users as they are."""

    fixed_count = 6
    wait_time = between(1, 3)

    @task
    def one_query(self):
        self.client.get("/bench/one-query/", name="one-query view")
