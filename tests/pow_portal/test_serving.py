"""The production server settings: gunicorn's config file and hashed, far-future cached static files."""

import multiprocessing
import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_config_recycles_workers_with_jitter_and_sizes_for_the_machine(monkeypatch):
    for name in [k for k in os.environ if k.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["worker_class"] == "sync"
    assert config["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["timeout"] == 30 and config["graceful_timeout"] > 0
    assert callable(config["when_ready"])


def test_the_readme_starts_gunicorn_with_the_config_file():
    assert "gunicorn -c gunicorn.conf.py pow_portal.wsgi" in (ROOT / "README.md").read_text()


def test_production_serves_static_files_with_hashed_names():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="pow_portal.settings.production", DJANGO_SECRET_KEY="x" * 60,
               DJANGO_ALLOWED_HOSTS="pow.example.nl")  # fmt: skip
    code = (
        "from django.conf import settings; from django.core.files.storage import storages; "
        "s = storages['staticfiles']; print(type(s).__name__, s.manifest_strict, [g for g, _ in s.patterns])"
    )
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["PortalStaticFilesStorage", "False", "['*.css']"]
