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
