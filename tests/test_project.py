"""The project as a whole: its API schema, its migrations, its production settings and its commands."""

import gc
import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from newsroom import collector

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- schema and migrations


@pytest.mark.django_db
def test_openapi_schema_builds_without_warnings():
    out, err = StringIO(), StringIO()

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=err)

    assert err.getvalue() == ""
    schema = out.getvalue()
    assert schema.startswith("openapi: 3.0.3")
    for path in ("/api/v1/articles/{uuid}/:", "/api/v1/entities/{slug}/:", "/api/v1/auth/token/:"):
        assert path in schema


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert out.getvalue() == "No changes detected\n"


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert schema["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert b"/api/v1/articles/" in schema.content
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


@pytest.mark.django_db
def test_schema_is_served_as_json_on_request(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Newsroom API"


# --------------------------------------------------------------------------- production settings


def manage(*args, env):
    """Run manage.py in a fresh process, with exactly the settings environment given."""
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE": "1",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "news.example.com",
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_the_deploy_check_refuses_the_development_secret_key():
    result = manage("check", "--deploy", env={"DJANGO_SECURE": "1", "DJANGO_DEBUG": "0"})

    assert result.returncode == 1
    assert "(newsroom.E001) DJANGO_SECRET_KEY is not set" in result.stderr


PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_SECURE": "1",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def test_production_settings_with_redis_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_the_deploy_check_refuses_redis_url_without_the_redis_client(tmp_path):
    # a `redis` package that cannot be imported, first on the path: as if it were not installed
    (tmp_path / "redis").mkdir()
    (tmp_path / "redis" / "__init__.py").write_text("raise ImportError('No module named redis')\n")

    result = manage("check", "--deploy", env={**PRODUCTION, "PYTHONPATH": str(tmp_path)})

    assert result.returncode == 1
    assert "(newsroom.E002) REDIS_URL is set but the Redis client cannot be imported" in result.stderr


def test_debug_is_off_unless_asked_for():
    code = "from django.conf import settings; print(settings.DEBUG)"

    off = manage("shell", "--no-imports", "-c", code, env={})
    on = manage("shell", "--no-imports", "-c", code, env={"DJANGO_DEBUG": "1"})

    assert (off.stdout, on.stdout) == ("False\n", "True\n")


# --------------------------------------------------------------------------- ensure_admin


def printed_password(output: str) -> str:
    match = re.search(r"^  Password: (\S+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


@pytest.mark.django_db
def test_ensure_admin_creates_a_superuser_whose_printed_password_works(client):
    out = StringIO()

    call_command("ensure_admin", stdout=out)

    user = get_user_model().objects.get(username="admin")
    password = printed_password(out.getvalue())
    assert "Created the admin login." in out.getvalue()
    assert (user.is_superuser, user.is_staff, user.is_active) == (True, True, True)
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "url"),
    [([], "http://127.0.0.1:8000/admin/"), (["--site", "http://0.0.0.0:8765/"], "http://0.0.0.0:8765/admin/")],
)
def test_ensure_admin_prints_where_the_admin_is(args, url):
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    assert f"  Admin:    {url}\n" in out.getvalue()


@pytest.mark.django_db
def test_ensure_admin_keeps_an_existing_logins_password_and_one_user():
    first, second = StringIO(), StringIO()

    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)

    user = get_user_model().objects.get(username="admin")
    assert "Kept the admin login." in second.getvalue()
    assert "  Password: unchanged (manage.py ensure_admin --reset-password gives a new one)\n" in second.getvalue()
    assert user.check_password(printed_password(first.getvalue()))
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_ensure_admin_reset_password_gives_a_new_one_when_asked():
    first, second = StringIO(), StringIO()

    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", "--reset-password", stdout=second)

    user = get_user_model().objects.get(username="admin")
    old, new = printed_password(first.getvalue()), printed_password(second.getvalue())
    assert old != new
    assert (user.check_password(old), user.check_password(new)) == (False, True)


@pytest.mark.django_db
def test_ensure_admin_restores_a_demoted_admin():
    call_command("ensure_admin", stdout=StringIO())
    get_user_model().objects.filter(username="admin").update(is_superuser=False, is_staff=False, is_active=False)

    call_command("ensure_admin", stdout=StringIO())

    user = get_user_model().objects.get(username="admin")
    assert (user.is_superuser, user.is_staff, user.is_active) == (True, True, True)


@pytest.mark.django_db
def test_ensure_admin_takes_a_username_and_email():
    out = StringIO()

    call_command("ensure_admin", "--username", "رئيس-التحرير", "--email", "chief@example.com", stdout=out)

    user = get_user_model().objects.get(username="رئيس-التحرير")
    assert user.email == "chief@example.com"
    assert user.check_password(printed_password(out.getvalue()))


@pytest.mark.django_db
def test_ensure_admin_refuses_an_empty_username():
    with pytest.raises(CommandError, match="The username must not be empty."):
        call_command("ensure_admin", "--username", "  ", stdout=StringIO())

    assert not get_user_model().objects.exists()


def run_python(script: str) -> str:
    """What `script` prints, run in a fresh Python process of the project (as a server worker starts)."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    return done.stdout.strip()


@pytest.mark.parametrize("module", ["newsroom.wsgi", "newsroom.asgi"])
def test_the_server_application_sets_up_the_garbage_collector_for_a_server(module):
    # Importing the application freezes what it loaded and lets the young generation grow
    script = f"import gc, {module}; print(gc.get_freeze_count() > 10000, gc.get_threshold()[0])"

    assert run_python(script) == "True 100000"


def test_the_server_application_loads_what_the_first_request_would_before_freezing():
    # The URLconf (with every view and serializer) and the translations are loaded and frozen with the
    # rest: the full collection after each response does not walk them (it walked 50,000 objects)
    script = (
        "import gc, sys, newsroom.wsgi; from django.urls import get_resolver; "
        "print(get_resolver()._populated, 'articles.api.views.articles' in sys.modules, len(gc.get_objects()) < 1000)"
    )

    assert run_python(script) == "True True True"


def test_a_finished_request_collects_the_cycles_it_left_behind():
    script = """
import gc, weakref, newsroom.wsgi
from django.core.signals import request_finished
gc.disable()  # only the receiver collects
class Node: pass
node = Node(); node.itself = node; left = weakref.ref(node); del node
print(left() is None)
request_finished.send(sender=None)
print(left() is None)
"""
    assert run_python(script).split() == ["False", "True"]


def test_every_response_is_followed_by_a_full_collection():
    # A worker's memory stays bounded: what a request left is freed after it, in any generation
    young, full = gc.get_stats()[1]["collections"], gc.get_stats()[2]["collections"]
    gc.disable()
    try:
        for _ in range(3):
            collector.after_response()
    finally:
        gc.enable()

    assert collector.FULL_EVERY == 1
    assert gc.get_stats()[2]["collections"] - full == 3
    assert gc.get_stats()[1]["collections"] - young == 0


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({"NEWSROOM_GC": "python"}, "0 700 1"), ({"NEWSROOM_GC_FULL_EVERY": "100"}, "True 100000 100")],
)
def test_the_collector_settings_come_from_the_environment(environment, expected):
    script = "import gc, newsroom.wsgi as w, newsroom.collector as c; "
    script += (
        "print(gc.get_freeze_count() > 10000 if gc.get_freeze_count() else 0, gc.get_threshold()[0], c.FULL_EVERY)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, **environment},
    )

    assert done.stdout.strip() == expected
