import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="pow_portal.settings.production",
        DJANGO_SECRET_KEY="x7#kq!v9-" + "Lm2pZr8sT4wYb6nC1dF3gH5jK0aQeRuViOx" * 2,
        DJANGO_ALLOWED_HOSTS="pow.example.nl",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_require_a_secret_key():
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="pow_portal.settings.production", DJANGO_ALLOWED_HOSTS="pow.example.nl"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _celery_settings(**env):
    """Import the Celery app in a fresh process without DJANGO_SETTINGS_MODULE and report what it configured."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    code = (
        "import os, pow_portal.celery as c; from django.conf import settings; "
        "print(os.environ['DJANGO_SETTINGS_MODULE']); print(settings.DEBUG); print(c.app.conf.task_always_eager)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_the_celery_app_defaults_to_production_settings():
    result = _celery_settings(
        DJANGO_SECRET_KEY="x7#kq!v9-" + "Lm2pZr8sT4wYb6nC1dF3gH5jK0aQeRuViOx" * 2,
        DJANGO_ALLOWED_HOSTS="pow.example.nl",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stderr
    module, debug, eager = result.stdout.split()
    assert module == "pow_portal.settings.production" and debug == "False" and eager == "False"
    # without its secret key a worker does not start at all, rather than running with a development key
    refused = _celery_settings(DJANGO_ALLOWED_HOSTS="pow.example.nl")
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY" in refused.stderr


def test_smtp_has_a_timeout():
    from django.conf import settings

    assert 0 < settings.EMAIL_TIMEOUT <= 30
