"""The production example's secrets are placeholders that a start-up with DEBUG off refuses.

``script/test`` runs ``check --deploy`` with that file plus generated secrets; the same
command with the file as it is must fail, and so must the values the example once shipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from pressdesk.lib.env import ImproperlyConfiguredEnv, is_placeholder_secret, refuse_placeholder_secrets

ROOT = Path(__file__).resolve().parents[2]
OLD_EXAMPLE_KEY = "change-me-to-a-long-random-string-of-at-least-fifty-characters-0123456789"
OLD_EXAMPLE_FERNET = "suTzZIQ_SBL-D51-vJZaymZyRGcE4suZdFeRAVF9tKE="


def check_deploy(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    exports = "".join(f"export {name}='{value}'\n" for name, value in overrides.items())
    script = (
        "set -a; . deploy/production.env.example; set +a\n"
        + exports
        + f'exec "{sys.executable}" manage.py check --deploy --fail-level WARNING\n'
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env["PRESSDESK_VAR_DIR"] = str(tmp_path)
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run(  # noqa: S603 - our own script, as script/test runs it
        [bash, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_example_file_as_it_is_fails_the_deploy_check(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is an example or placeholder value" in result.stderr


def test_the_secrets_the_example_once_shipped_are_refused(tmp_path):
    fernet = Fernet.generate_key().decode()
    result = check_deploy(tmp_path, SECRET_KEY=OLD_EXAMPLE_KEY, PRESSDESK_CREDENTIALS_KEY=fernet)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    real_key = "Zq7" + "x" * 20 + "Kp9_-aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ5"
    result = check_deploy(tmp_path, SECRET_KEY=real_key, PRESSDESK_CREDENTIALS_KEY=OLD_EXAMPLE_FERNET)
    assert result.returncode != 0
    assert "PRESSDESK_CREDENTIALS_KEY" in result.stderr


def test_generated_secrets_pass_the_deploy_check(tmp_path):
    import secrets

    result = check_deploy(
        tmp_path, SECRET_KEY=secrets.token_urlsafe(64), PRESSDESK_CREDENTIALS_KEY=Fernet.generate_key().decode()
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "value", ["change-me", "CHANGE-ME-please", "changeme", "django-insecure-abc", "<your secret>", OLD_EXAMPLE_KEY]
)
def test_placeholders_are_recognised(value):
    assert is_placeholder_secret(value)
    with pytest.raises(ImproperlyConfiguredEnv):
        refuse_placeholder_secrets({"SECRET_KEY": [value]})


def test_real_secrets_are_accepted():
    refuse_placeholder_secrets({"SECRET_KEY": ["Zq7Kp9-aB3cD4eF5gH6iJ7kL8mN9oP0"], "PRESSDESK_CREDENTIALS_KEY": []})
