"""Light pages: hashed static names cached for ten years, compressed HTML, and a static name that does not exist
fails the page in tests as the manifest does in production."""

import gzip
import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client

TEN_YEARS = "max-age=315360000"


def test_a_page_naming_a_static_file_that_does_not_exist_fails_instead_of_linking_nowhere():
    with pytest.raises(ValueError, match="tuanjie/no-such-file.js"):
        Template("{% load static %}{% static 'tuanjie/no-such-file.js' %}").render(Context())


def test_html_pages_are_sent_gzip_compressed_to_browsers_that_accept_it(db):
    response = Client().get("/login/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert "登录" in page and len(response.content) < len(page.encode()) / 2


@pytest.fixture
def collected(settings, tmp_path):
    """The production storage over a tmp STATIC_ROOT, collected from our own files, Bootstrap and htmx (the rest of
    node_modules would only make the test slow)."""
    node = django_settings.NODE_MODULES
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [django_settings.BASE_DIR / "static", ("vendor/bootstrap", node / "bootstrap/dist"),
                                 ("vendor/htmx", node / "htmx.org/dist")]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder",
                                    "tuanjie.core.icons.IconSubsetFinder"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_collected_static_files_have_hashed_names_that_are_cached_for_ten_years(db, collected):
    client = Client()   # made after the settings change, so WhiteNoise reads the new STATIC_ROOT
    page = client.get("/login/").content.decode()
    css = re.search(r'href="(/static/tuanjie/app\.[0-9a-f]{12}\.css)"', page)
    icons = re.search(r'href="(/static/vendor/bootstrap-icons/bootstrap-icons\.[0-9a-f]{12}\.css)"', page)
    assert css and icons, page[:800]
    response = client.get(css.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert TEN_YEARS in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    # The icon CSS names its font by the font's hashed name too, so a new font is never read from an old cache.
    icon_css = b"".join(client.get(icons.group(1)).streaming_content).decode()
    assert re.search(r"fonts/bootstrap-icons\.[0-9a-f]{12}\.woff", icon_css)


def test_the_icon_font_holds_the_icons_the_product_draws_and_not_the_other_two_thousand(db, collected):
    css = (collected / "vendor/bootstrap-icons/bootstrap-icons.css").read_text()
    for used in ("flag-fill", "bell", "person-circle", "clock-history"):   # the top bar and the 变更记录 menu entry
        assert f".bi-{used}::before" in css
    assert ".bi-alarm::before" not in css and ".bi-airplane::before" not in css
    package_font = (django_settings.NODE_MODULES / "bootstrap-icons/font/fonts/bootstrap-icons.woff").stat().st_size
    subset_font = (collected / "vendor/bootstrap-icons/fonts/bootstrap-icons.woff").stat().st_size
    assert subset_font < package_font / 8
