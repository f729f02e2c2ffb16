"""Production settings: HTTPS, HSTS, secure cookies and the proxy header from the environment (README
"Production settings"), `tuanjie check --deploy` clean under them, the development key refused with DEBUG off, and
a Content-Security-Policy that runs no inline script or style."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
TEMPLATES = ROOT / "tuanjie" / "templates"
# README "Production settings", as an operator would set them.
PRODUCTION = {
    "TUANJIE_SECRET_KEY": "k3X9-production-secret-for-the-test-only-q7Lw2Rt8Zp4Vn6Bm1Cx5Hs0Jd",
    "TUANJIE_DEBUG": "0",
    "TUANJIE_ALLOWED_HOSTS": "tuanjie.example.gov.cn",
    "TUANJIE_CSRF_TRUSTED_ORIGINS": "https://tuanjie.example.gov.cn",
    "TUANJIE_SECURE_COOKIES": "1",
    "TUANJIE_SSL_REDIRECT": "1",
    "TUANJIE_HSTS_SECONDS": "31536000",
    "TUANJIE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "TUANJIE_HSTS_PRELOAD": "1",
    "TUANJIE_BEHIND_PROXY": "1",
}


def run(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUANJIE_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(TUANJIE_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT), **env_extra)
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_check_deploy_reports_nothing_under_the_documented_production_settings(tmp_path):
    out = run(["-m", "tuanjie", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues" in out.stdout


def test_the_https_settings_come_from_the_environment(tmp_path):
    probe = ("import django, json; django.setup(); from django.conf import settings as s; print(json.dumps("
             "[s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
             " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, list(s.SECURE_PROXY_SSL_HEADER)]))")
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "tuanjie.settings"}
    out = run(["-c", probe], env, tmp_path)
    assert json.loads(out.stdout) == [True, 31536000, True, True, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]


def test_the_server_refuses_to_start_with_the_development_key_and_debug_off(tmp_path):
    out = run(["-c", "import tuanjie.wsgi"], {"TUANJIE_DEBUG": "0"}, tmp_path)
    assert out.returncode != 0
    assert "拒绝启动：正在使用开发用的 SECRET_KEY" in out.stderr and "TUANJIE_SECRET_KEY" in out.stderr
    check = run(["-m", "tuanjie", "check", "--deploy"], {"TUANJIE_DEBUG": "0"}, tmp_path)
    assert "tuanjie.E001" in check.stderr + check.stdout


def test_a_local_demo_may_use_the_development_key(tmp_path):
    assert run(["-c", "import tuanjie.wsgi"], {"TUANJIE_DEBUG": "0", "TUANJIE_DEMO": "1"}, tmp_path).returncode == 0


def test_serve_refuses_before_starting_anything(settings):
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command

    settings.DEBUG, settings.TUANJIE_DEMO = False, False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="拒绝启动"):
        call_command("serve", "--no-jobs")


def test_every_page_carries_a_policy_without_unsafe_inline(tree, county_office, client_for):
    client = client_for(county_office)
    for url in ["/", "/activities/", "/login/", "/public/", "/api/docs/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"].startswith("'self'") and directives["style-src"].startswith("'self'")
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/json\")[^>]*>"), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style(?![^>]*\bnonce=)[^>]*>"), "style element"),
    (re.compile(r"\shx-on[:-]"), "htmx hx-on attribute"),
]


def test_no_template_holds_what_the_policy_would_block():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)   # template comments
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {what}: {match.group(0).strip()}")
    assert not found, "\n".join(found)


def test_htmx_is_told_not_to_inject_its_indicator_style(tree, unit_staff, client_for):
    page = client_for(unit_staff).get("/").content.decode()
    assert '"includeIndicatorStyles": false' in page
