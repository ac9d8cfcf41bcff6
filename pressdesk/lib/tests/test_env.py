import pytest

from pressdesk.lib.env import ImproperlyConfiguredEnv, envbool, envint, envlist, envstr


def test_envbool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert envbool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert envbool("X_FLAG", True) is False


def test_envbool_fails_loudly_on_garbage(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv):
        envbool("X_FLAG")


def test_envint_fails_loudly_on_garbage(monkeypatch):
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfiguredEnv):
        envint("X_NUM", 1)


def test_envlist_splits_and_trims(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example , b.example ,")
    assert envlist("X_LIST") == ["a.example", "b.example"]


def test_file_variant_reads_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert envstr("X_SECRET") == "s3cr3t"


def test_envdict_reads_a_json_object_and_refuses_anything_else(monkeypatch):
    from pressdesk.lib.env import envdict

    assert envdict("X_OPTIONS") == {}
    monkeypatch.setenv("X_OPTIONS", '{"location": "/srv/media"}')
    assert envdict("X_OPTIONS") == {"location": "/srv/media"}
    for bad in ("[1, 2]", "location=/srv"):
        monkeypatch.setenv("X_OPTIONS", bad)
        with pytest.raises(ImproperlyConfiguredEnv):
            envdict("X_OPTIONS")
