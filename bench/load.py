"""Deadline day under load: 35 regions x 3 editors autosaving, 5 reviewers, 1 ministry user exporting.

Starts gunicorn (with the repo's gunicorn.conf.py) and the Celery workers (one for the default queue, one with
two processes for the A4 measure's own queue at nice 5, as in production) on 127.0.0.1, against the running
PostgreSQL (its own database, BENCH_DATABASE_URL, made afresh) and Redis (its own database number,
BENCH_REDIS_URL, emptied), seeds the users and plans, warms the workers up, then runs the profile with locust for
BENCH_LOAD_SECONDS (150 s), then the one-query view under the same number of users at the same pace
(BENCH_ONE_QUERY_SECONDS, 60 s). Prints per endpoint p50/p95/p99, errors and throughput, the ratio of each
endpoint's p50 to the one-query view's, the throughput ratio, and each worker's RSS at start and end. The
"exact gauge on screen" row is the time from sending the autosave until the page, following its own polls, has
the exact measure of that text. Also: the CPU split of the measured window (load generator, gunicorn, Celery,
PostgreSQL, Redis, the rest of the machine), and the browser gauge's delay after a typing pause in Chromium
(bench/preview_gauge.py), idle before the run and under the same load in a phase after the measured window (Chromium
is an editor's browser: it does not run on the server's cores, so it is kept out of the server's window).
Run: make bench  (or: .venv/bin/python bench/load.py); needs PostgreSQL and Redis on 127.0.0.1.
"""

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import preview_gauge  # noqa: E402
from bench._common import BENCH_DATABASE_URL, BENCH_REDIS_URL, ensure_postgres_database, rss_mib  # noqa: E402

VENV_BIN = Path(sys.executable).parent
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "150"))
ONE_QUERY_SECONDS = int(os.environ.get("BENCH_ONE_QUERY_SECONDS", "60"))
WARM_UP_SECONDS = int(os.environ.get("BENCH_WARM_UP_SECONDS", "30"))
USERS = 111  # 105 editors + 3 reviewers + 2 on payments + 1 exporter
MEASURE_WORKERS = int(os.environ.get("BENCH_MEASURE_WORKERS", "2"))
# As in production (make worker): the measure workers yield the CPU to the page requests.
MEASURE_NICE = os.environ.get("POW_MEASURE_NICE", "5")
BROWSER_PHASE_SECONDS = int(os.environ.get("BENCH_BROWSER_PHASE_SECONDS", "75"))
CSRF = "benchcsrfbenchcsrfbenchcsrf12345"
PARAGRAPH = (
    "<p>Werkgevers in de regio zoeken mensen voor zorg, techniek en logistiek. Samen met UWV, gemeenten en "
    "onderwijs brengen wij werkzoekenden en werkplekken bij elkaar, met begeleiding op maat.</p>"
)


# ------------------------------------------------------------------------------
# Seeding (runs in a child process with the bench's settings)
# ------------------------------------------------------------------------------
def seed(out_path):
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from plans import page_limits, services
    from plans.constants import PlanStatus
    from plans.models import Plan, PlanSection, PlanVersion
    from plans.sections import ORDER, spec_for
    from pow_portal.constants import Role
    from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User
    from review.models import Advice, Circulaire, Payment, StuurgroepMeeting

    call_command("migrate", verbosity=0)
    round_ = ProgrammeRound.objects.current()
    limits = page_limits.section_limits(round_)
    limited = [key.value for key in ORDER if key.value in limits and spec_for(key).parts]

    def session_for(user):
        """A logged-in session, past the second factor (as after a real login with the app's code)."""
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "bench"})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        return session.session_key

    def content(region):
        return {
            "region": region.name,
            "centrumgemeente": region.centrumgemeente,
            "round": round_.name,
            "sections": {
                key.value: {"parts": {p.key: PARAGRAPH * 3 for p in spec_for(key).parts}, "data": {}, "version": 1}
                for key in ORDER
            },
            "files": {},
        }

    def pages(n):
        snap = {"region": "Bench", "centrumgemeente": "Bench", "round": round_.name, "files": {},
                "sections": {k.value: {"parts": {"tekst": PARAGRAPH * n} if k.value == "analyse" else {}, "data": {}}
                             for k in ORDER}}  # fmt: skip
        return page_limits.measure_section(snap, "analyse")

    one = next(n for n in range(1, 60) if pages(n) >= 1)
    two = next(n for n in range(one, 90) if pages(n) >= 1.9)

    editors = []
    for region in Arbeidsmarktregio.objects.order_by("name")[:35]:
        plan = services.plan_get_or_create(region=region, round=round_)
        for j in range(3):
            key = limited[j % len(limited)]
            user = User.objects.create(username=f"editor-{region.code}-{j}", role=Role.REGIO, region=region)
            parts = [p.key for p in spec_for(key).parts]
            PlanSection.objects.filter(plan=plan, section=key).update(parts={parts[0]: PARAGRAPH * one}, version=1)
            editors.append({"username": user.username, "session": session_for(user), "version": 1, "parts": parts,
                            "url": f"/plannen/{plan.pk}/onderdeel/{key}/autosave/",
                            "gauge_url": f"/plannen/{plan.pk}/onderdeel/{key}/a4/"})  # fmt: skip
    # One more editor, in a section of its own, types in Chromium (bench/preview_gauge.py).
    region = Arbeidsmarktregio.objects.order_by("name").first()
    plan = services.plan_get_or_create(region=region, round=round_)
    key = limited[3 % len(limited)]
    user = User.objects.create(username="editor-browser", role=Role.REGIO, region=region)
    PlanSection.objects.filter(plan=plan, section=key).update(
        parts={spec_for(key).parts[0].key: PARAGRAPH * one}, version=1
    )
    browser_editor = {"session": session_for(user), "url": f"/plannen/{plan.pk}/onderdeel/{key}/"}

    author = User.objects.create(username="bench-ot-0", role=Role.ONDERSTEUNINGSTEAM)
    reviewers = [author] + [User.objects.create(username=f"bench-ot-{i}", role=Role.ONDERSTEUNINGSTEAM) for i in (1, 2)]
    ministry = [User.objects.create(username=f"bench-szw-{i}", role=Role.MINISTERIE) for i in range(3)]
    meeting = StuurgroepMeeting.objects.create(date=round_.starts_on)
    circulaire = Circulaire.objects.filter(round=round_).order_by("bzk_deadline").first()
    submitted = []
    for i in range(35):
        region = Arbeidsmarktregio.objects.create(
            code=f"BL{i:02}", name=f"Benchregio {i:02}", centrumgemeente=f"Stad {i}"
        )
        status = [PlanStatus.INGEDIEND, PlanStatus.IN_BEOORDELING, PlanStatus.GEADVISEERD][i % 3]
        plan = Plan.objects.create(region=region, round=round_, status=status)
        version = PlanVersion.objects.create(plan=plan, number=1, content=content(region), submitted_by=author)
        if status == PlanStatus.GEADVISEERD:
            Advice.objects.create(version=version, meeting=meeting, kind="positief", reasons="Goed plan.",
                                  recorded_by=author, advised_on=meeting.date)  # fmt: skip
        Payment.objects.create(round=round_, region=region, centrumgemeente=region.centrumgemeente, tranche=2019,
                               amount="1000000.00", circulaire=circulaire, basis=f"Besluit {i}",
                               created_by=ministry[0])  # fmt: skip
        submitted.append(plan.pk)
    data = {
        "paragraph": PARAGRAPH,
        "paragraphs_1_to_2_a4": [one, two],
        "csrf": CSRF,
        "editors": editors,
        "browser_editor": browser_editor,
        "reviewers": [{"session": session_for(u)} for u in reviewers],
        "ministry": [{"session": session_for(u)} for u in ministry[:2]],
        "exporter": {"session": session_for(ministry[2])},
        "submitted": submitted,
        "circulaire": circulaire.pk,
    }
    Path(out_path).write_text(json.dumps(data))


def refresh_versions(path):
    """After the warm-up: each editor's section version as stored (the next autosave must carry it)."""
    import django

    django.setup()
    from plans.models import PlanSection

    data = json.loads(Path(path).read_text())
    for editor in data["editors"]:
        _, _, plan_id, _, key, _, _ = editor["url"].split("/")  # /plannen/<pk>/onderdeel/<key>/autosave/
        editor["version"] = PlanSection.objects.get(plan_id=plan_id, section=key).version
    Path(path).write_text(json.dumps(data))


# ------------------------------------------------------------------------------
# CPU split of the measured window
# ------------------------------------------------------------------------------
class CpuSplit:
    """CPU seconds used in the window by the load generator (locust: this process's waited children), gunicorn,
    Celery, PostgreSQL and Redis (their servers serve every engineer's database on this machine: shared), and
    everything else on the machine. Processes that end inside the window (recycled workers) are left out."""

    def __init__(self, *, server: int, celery: tuple[int, ...]):
        import psutil

        self.groups = {"gunicorn": [server], "celery": list(celery)}
        self.start_children = os.times()
        self.start_total = psutil.cpu_times()
        self.start = self._sample()

    def _processes(self):
        import psutil

        found = {"gunicorn": [], "celery": [], "postgresql": [], "redis": []}
        for name, pids in self.groups.items():
            for pid in pids:
                try:
                    found[name] += [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
                except psutil.NoSuchProcess:
                    pass
        for process in psutil.process_iter(["name"]):
            if process.info["name"] in ("postgres", "postgresql"):
                found["postgresql"].append(process)
            elif (process.info["name"] or "").startswith("redis-server"):
                found["redis"].append(process)
        return found

    def _sample(self):
        import psutil

        sample = {}
        for group, processes in self._processes().items():
            for process in processes:
                try:
                    times = process.cpu_times()
                    sample[(group, process.pid)] = times.user + times.system
                except psutil.NoSuchProcess:
                    pass
        return sample

    def stop(self, seconds):
        import psutil

        end = self._sample()
        used = {"load generator": 0.0, "gunicorn": 0.0, "celery": 0.0, "postgresql": 0.0, "redis": 0.0}
        for (group, pid), value in end.items():
            if (group, pid) in self.start:
                used[group] += value - self.start[(group, pid)]
        children = os.times()
        used["load generator"] = (children.children_user - self.start_children.children_user) + (
            children.children_system - self.start_children.children_system
        )
        total = psutil.cpu_times()
        busy = sum(getattr(total, f) - getattr(self.start_total, f) for f in ("user", "system", "nice", "irq",
                                                                                "softirq", "steal"))  # fmt: skip
        used["rest of the machine"] = max(0.0, busy - sum(used.values()))
        return used


def print_cpu_split(used, seconds):
    print(f"CPU split of the {seconds:.0f} s measured window, in cores (2 cores; other engineers share the machine):")
    for name, value in used.items():
        print(f"  {name:<22}{value / seconds:>6.2f}")


# ------------------------------------------------------------------------------
# The run
# ------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_services():
    import psycopg2
    import redis

    base, name = BENCH_DATABASE_URL.rsplit("/", 1)
    if not ensure_postgres_database(BENCH_DATABASE_URL):
        sys.exit("PostgreSQL is not reachable: the load bench needs it")
    connection = psycopg2.connect(base + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()  # the bench's own database number only


def children(pid):
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def rss_of(pids):
    result = {}
    for pid in pids:
        try:
            result[pid] = rss_mib(pid)
        except FileNotFoundError:
            result[pid] = None
    return result


def request(url, data=None, session=None):
    headers = {"Cookie": f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")}
    if data is not None:
        headers["X-CSRFToken"] = CSRF
        data = urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - 127.0.0.1 only
    with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310
        return response.status, dict(response.headers)


def warm_up(base, data):
    """Every worker loads its templates, WeasyPrint and its fonts before the RSS at start is read."""

    def editor(e):
        for n in range(8):
            text = data["paragraph"] * data["paragraphs_1_to_2_a4"][0] + f"<p>Opwarmen {n}</p>"
            body = {"expected_version": e["version"], **{f"part_{p}": "" for p in e["parts"]}}
            body[f"part_{e['parts'][0]}"] = text
            status, headers = request(base + e["url"], body, e["session"])
            e["version"] = int(headers["X-Section-Version"])
            request(base + "/beoordeling/", session=data["reviewers"][0]["session"])
            request(base + f"/beoordeling/circulaires/{data['circulaire']}/", session=data["ministry"][0]["session"])

    threads = [threading.Thread(target=editor, args=(e,)) for e in data["editors"][:6]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def run_locust(base, data_path, csv_prefix, seconds, classes):
    env = {**os.environ, "POW_LOAD_DATA": str(data_path)}
    subprocess.run(
        [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(USERS),
         "-r", "30", "-t", f"{seconds}s", "--host", base, "--csv", str(csv_prefix), "--only-summary",
         "--loglevel", "ERROR", *classes],
        env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{csv_prefix}_stats.csv") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def main():
    tmp = Path(tempfile.mkdtemp(prefix="pow-load-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.load_settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=BENCH_DATABASE_URL,
        REDIS_URL=BENCH_REDIS_URL,
        DJANGO_SECRET_KEY="load-bench-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CONN_MAX_AGE="60",
        POW_MEDIA_ROOT=str(tmp / "media"),
    )
    print(f"Load bench: resetting {BENCH_DATABASE_URL} and {BENCH_REDIS_URL}, seeding ...", flush=True)
    reset_services()
    data_path = tmp / "data.json"
    subprocess.run([sys.executable, __file__, "seed", str(data_path)], env=env, check=True, cwd=ROOT)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    worker = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "pow_portal", "worker", "-l", "warning", "-c", "1", "-n", f"bench-{port}@%h",
         "-Q", "celery", "--without-gossip", "--without-mingle"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(tmp / "worker.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    measurer = subprocess.Popen(
        ["nice", "-n", MEASURE_NICE, str(VENV_BIN / "celery"), "-A", "pow_portal", "worker", "-l", "warning",
         "-c", str(MEASURE_WORKERS),
         "-n", f"bench-a4-{port}@%h", "-Q", "celery-a4", "--without-gossip", "--without-mingle"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(tmp / "measure-worker.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "pow_portal.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=open(tmp / "gunicorn.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    try:
        for _ in range(120):
            try:
                if request(base + "/health/")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.5)
        else:
            sys.exit(f"gunicorn did not answer; see {tmp / 'gunicorn.log'}")
        data = json.loads(data_path.read_text())
        browser_editor = data["browser_editor"]
        browser_url = browser_editor["url"]
        print("Browser gauge, idle ...", flush=True)
        idle_delays = preview_gauge.measure(base, browser_editor["session"], browser_url, csrf=CSRF)
        warm_up(base, data)
        data_path.write_text(json.dumps(data))
        print(f"Warming up with the whole profile for {WARM_UP_SECONDS} s (not counted) ...", flush=True)
        run_locust(base, data_path, tmp / "warmup", WARM_UP_SECONDS, ["Editor", "Reviewer", "Payments", "Exporter"])
        time.sleep(3)  # the last measures of the warm-up
        subprocess.run([sys.executable, __file__, "versions", str(data_path)], env=env, check=True, cwd=ROOT)
        workers = {p.pid: "gunicorn" for p in children(server.pid)} | {p.pid: "celery" for p in children(worker.pid)}
        workers |= {p.pid: "celery a4" for p in children(measurer.pid)}
        workers[worker.pid] = "celery"
        workers[measurer.pid] = "celery a4"
        rss_start = rss_of(workers)
        print(f"Running the profile for {LOAD_SECONDS} s with {USERS} users ...", flush=True)
        cpu = CpuSplit(server=server.pid, celery=(worker.pid, measurer.pid))
        started = time.monotonic()
        mixed = run_locust(base, data_path, tmp / "mixed", LOAD_SECONDS, ["Editor", "Reviewer", "Payments", "Exporter"])
        mixed_seconds = time.monotonic() - started
        cpu_split = cpu.stop(mixed_seconds)
        rss_end = rss_of(workers)
        # The browser gauge under the same load, in a phase of its own: the editors' browsers run on their own
        # machines, not on the server's two cores, so Chromium is kept out of the window the server is measured in.
        print(f"Browser gauge under the same profile ({BROWSER_PHASE_SECONDS} s, not counted above) ...", flush=True)
        subprocess.run([sys.executable, __file__, "versions", str(data_path)], env=env, check=True, cwd=ROOT)
        loaded_delays = []
        typing = threading.Thread(
            target=lambda: (time.sleep(5), loaded_delays.extend(
                preview_gauge.measure(base, browser_editor["session"], browser_url, csrf=CSRF)
            )),
        )  # fmt: skip
        typing.start()
        browser_phase = run_locust(
            base, data_path, tmp / "browser", BROWSER_PHASE_SECONDS, ["Editor", "Reviewer", "Payments", "Exporter"]
        )
        typing.join()
        print(f"Running the one-query view for {ONE_QUERY_SECONDS} s with {USERS} users ...", flush=True)
        one = run_locust(base, data_path, tmp / "one", ONE_QUERY_SECONDS, ["OneQuery", "OneQueryBrowsing"])
    finally:
        for process in (server, worker, measurer):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker, measurer):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    report(mixed, one, workers, rss_start, rss_end, mixed_seconds)
    print_cpu_split(cpu_split, mixed_seconds)
    print(preview_gauge.summary("idle", idle_delays))
    print(preview_gauge.summary("under the load", loaded_delays))
    phase = {name: browser_phase.get(name, {}).get("95%", "-") for name in ("autosave", "exact gauge on screen")}
    print(f"  (the load during the browser phase, with Chromium on the same cores: autosave p95 {phase['autosave']} ms,"
          f" exact gauge on screen p95 {phase['exact gauge on screen']} ms)")  # fmt: skip
    for label, delays in (("idle", idle_delays), ("under load", loaded_delays)):
        ok = bool(delays) and preview_gauge.percentile(delays, 0.95) <= 200
        print(f"  {'PASS' if ok else 'FAIL'}  browser gauge p95 <= 200 ms after a typing pause, {label}")
    print(f"(logs and locust CSVs in {tmp})")


def report(mixed, one, workers, rss_start, rss_end, mixed_seconds):
    yard = one.get("one-query view") or one["Aggregated"]
    yard_p50 = float(yard["50%"]) or 1.0
    gauge_env = os.environ.get("POW_GAUGE_IN_WORKER", "").lower()
    mode = "in the request" if gauge_env in ("0", "false", "no") else "by a worker"
    print(f"\nDeadline-day load: {USERS} users, {LOAD_SECONDS} s mixed profile, then {ONE_QUERY_SECONDS} s one-query")
    print(f"gauge measured {mode}; machine load average at the end: {os.getloadavg()[0]:.1f} (2 cores, shared)")
    print(f"{'endpoint':<20}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>8}"
          f"{'p50 / one-query':>17}")  # fmt: skip
    names = [n for n in mixed if n != "Aggregated"] + ["Aggregated"]
    for name in names:
        row = mixed[name]
        print(f"{name:<20}{row['Request Count']:>9}{row['Failure Count']:>8}{row['50%']:>8}{row['95%']:>8}"
              f"{row['99%']:>8}{float(row['Requests/s']):>8.2f}{float(row['50%']) / yard_p50:>17.1f}")  # fmt: skip
    print(f"{'one-query view':<20}{yard['Request Count']:>9}{yard['Failure Count']:>8}{yard['50%']:>8}"
          f"{yard['95%']:>8}{yard['99%']:>8}{float(yard['Requests/s']):>8.2f}{1:>17.1f}")  # fmt: skip
    ratio = float(mixed["Aggregated"]["Requests/s"]) / float(yard["Requests/s"])
    print(f"mixed throughput / one-query throughput at the same users and pace: {ratio:.2f}")
    print("worker RSS (MiB) at start -> end of the mixed run:")
    for pid, kind in workers.items():
        start, end = rss_start.get(pid), rss_end.get(pid)
        growth = f"{(end - start) / start * 100:+.1f} %" if start and end else "gone (recycled)"
        print(f"  {kind:<9}{pid:>8}  {start or 0:>7.1f} -> {end or 0:>7.1f}  {growth}")
    autosave = mixed.get("autosave", {})
    gauge = mixed.get("exact gauge on screen", {})
    others = [n for n in mixed if n not in ("autosave", "Aggregated", "exact gauge on screen")]
    checks = [
        ("autosave p95 <= 300 ms", autosave and float(autosave["95%"]) <= 300),
        ("exact gauge on screen p95 <= 3000 ms after the save", gauge and float(gauge["95%"]) <= 3000),
        ("every other page p95 <= 300 ms", all(float(mixed[n]["95%"]) <= 300 for n in others)),
        ("0 errors", int(mixed["Aggregated"]["Failure Count"]) == 0),
        (
            "worker RSS growth <= 10 % (workers recycled by max_requests left out)",
            all(rss_end[p] <= rss_start[p] * 1.1 for p in workers if rss_start.get(p) and rss_end.get(p)),
        ),  # fmt: skip
    ]
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "seed":
        seed(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "versions":
        refresh_versions(sys.argv[2])
    else:
        main()
