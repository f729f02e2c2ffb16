"""The installable app's server side: the manifest opens each role's working page, the service worker is served
from the site root with what it must keep, and nothing it serves to everyone holds anything personal."""

import io
import json
import re

import pytest
from PIL import Image

from tuanjie.core.roles import Role

# Where the installed app opens, by role (the task's own words: a cadre's households, a unit liaison's activity
# ledger, an office's home page).
START = {Role.CADRE: "/pairing/", Role.UNIT: "/activities/", Role.OFFICE: "/"}


@pytest.mark.parametrize("role", list(START))
def test_the_manifest_opens_the_app_on_each_roles_working_page(tree, client_for, role):
    person = tree.person(role, tree.u1 if role != Role.OFFICE else tree.county)
    response = client_for(person).get("/app/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "团结", START[role], "/", "standalone")
    assert manifest["theme_color"] == "#b3261e"     # --tj-red, the top bar's colour in app.css


def test_the_manifests_icons_are_pngs_of_the_sizes_they_claim(tree, client):
    manifest = json.loads(client.get("/app/manifest.webmanifest").content)
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    for icon in manifest["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(response.content))
        assert f"{image.width}x{image.height}" == icon["sizes"]
    assert client.get("/app/icons/64.png").status_code == 404


def test_the_service_worker_comes_from_the_site_root_unsigned_and_uncached(tree, client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    settings = json.loads(re.search(r"const SETTINGS = (\{.*?\});\n", response.content.decode()).group(1))
    for shell in ("/static/tuanjie/app.css", "/static/tuanjie/queue.js", "/static/vendor/idb/umd.js",
                  "/app/offline/"):
        assert shell in settings["shell"]
    for page in ("/pairing/", "/quotas/mine/", "/pairing/needs/", "/activities/add/", "/pairing/contacts/add/"):
        assert page in settings["pages"]
    assert {"/api/", "/login/", "/logout/"} <= set(settings["never"])


def test_a_new_release_gets_a_new_worker_version(tree, client, settings):
    before = re.search(r'"version": "(\w+)"', client.get("/sw.js").content.decode()).group(1)
    settings.STATIC_URL = "/static/v2/"
    after = re.search(r'"version": "(\w+)"', client.get("/sw.js").content.decode()).group(1)
    assert before != after


def test_the_offline_page_is_the_same_for_everyone_and_names_nobody(tree, cadre, client, client_for):
    anonymous = client.get("/app/offline/").content.decode()
    assert "暂无网络" in anonymous and "待同步" in anonymous
    signed_in = client_for(cadre).get("/app/offline/").content.decode()
    assert cadre.full_name not in signed_in
    assert re.sub(r'value="[^"]*"', "", signed_in) == re.sub(r'value="[^"]*"', "", anonymous)


def test_the_queue_page_is_for_signed_in_people(tree, cadre, client, client_for):
    assert client.get("/system/queue/").status_code == 302
    page = client_for(cadre).get("/system/queue/")
    assert page.status_code == 200 and "data-tj-queue-list" in page.content.decode()


def test_every_page_links_the_manifest_and_the_queue_badge(tree, cadre, client_for):
    html = client_for(cadre).get("/pairing/").content.decode()
    assert 'rel="manifest" href="/app/manifest.webmanifest"' in html
    assert "data-tj-queue-badge" in html and "tuanjie/queue.js" in html
