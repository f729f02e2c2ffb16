"""The installable app: its manifest, icons, service worker, offline page and the page of records waiting to sync.

The service worker is served from the site root (not /static/) so that its scope is the whole site. Its script is
a template: the list of files it precaches is rendered with `static()`, so hashed file names are right, and the
worker's version is a digest of that list, so a new release replaces the old cache."""

import hashlib
import io
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from tuanjie.core.access import assignments_of
from tuanjie.core.roles import Role

THEME = "#b3261e"        # --tj-red in app.css: the top bar
BACKGROUND = "#f6f5f2"   # the body background in app.css
ICON_SIZES = (192, 512)

SHELL = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "vendor/htmx/htmx.min.js",
    "vendor/idb/umd.js",
    "tuanjie/app.css",
    "tuanjie/help.css",
    "tuanjie/drafts.js",
    "tuanjie/session.js",
    "tuanjie/formset_rows.js",
    "tuanjie/pwa.js",
    "tuanjie/queue.js",
)

# The person's working pages: read offline as they were at the last visit (network first). Exact paths; a page's
# query string is part of its cache entry, so a filtered list is kept apart from the whole one.
WORKING_PAGES = (
    "home", "pairing:my_pairs", "pairing:need_list", "pairing:contact_add", "quotas:standing",
    "activities:activity_list", "activities:activity_add", "core:offline_queue",
)


def start_url(user) -> str:
    """Where the installed app opens: a cadre's households, a unit liaison's activity ledger, anyone else's home."""
    roles = {role for role, _path in assignments_of(user)}
    if Role.CADRE in roles:
        return reverse("pairing:my_pairs")
    if Role.UNIT in roles:
        return reverse("activities:activity_list")
    return reverse("home")


@require_GET
def manifest(request):
    user = request.user
    body = {
        "name": "团结",
        "short_name": "团结",
        "description": "民族团结进步创建工作平台",
        "lang": "zh-Hans",
        "dir": "ltr",
        "start_url": start_url(user) if user.is_authenticated else reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [
            *({"src": reverse("pwa_icon", args=[size]), "sizes": f"{size}x{size}", "type": "image/png",
               "purpose": "any"} for size in ICON_SIZES),
            {"src": reverse("pwa_icon_maskable", args=[512]), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "private, no-cache"   # the start URL depends on who is signed in
    return response


@lru_cache(maxsize=8)
def icon_png(size: int, maskable: bool) -> bytes:
    """A white pennant on the top bar's red, drawn here rather than shipped as someone else's artwork. A maskable
    icon keeps its drawing inside the middle 80 %, since launchers crop it to a circle or a squircle."""
    from PIL import Image, ImageDraw

    scale = 4   # draw large and shrink, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=THEME)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=THEME)
    inset = 0.26 if maskable else 0.2
    left, top, span = big * inset, big * inset, big * (1 - 2 * inset)
    pole = span * 0.08
    draw.rectangle((left, top, left + pole, top + span), fill="white")
    # The cloth: a swallow-tailed pennant, golden stripe along its foot (--tj-gold).
    x0, x1, y0, y1 = left + pole, left + span, top, top + span * 0.6
    draw.polygon([(x0, y0), (x1, y0), (x1 - span * 0.18, (y0 + y1) / 2), (x1, y1), (x0, y1)], fill="white")
    draw.rectangle((x0, y1 - span * 0.1, x0 + span * 0.55, y1), fill="#c9a227")
    out = io.BytesIO()
    image.resize((size, size), Image.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def icon(request, size: int, maskable: bool = False):
    if size not in ICON_SIZES:
        return HttpResponse(status=404)
    return HttpResponse(icon_png(size, maskable), content_type="image/png")


def worker_settings() -> dict:
    shell = [static(path) for path in SHELL]
    shell += [reverse("pwa_offline"), *(reverse("pwa_icon", args=[size]) for size in ICON_SIZES)]
    pages = sorted({reverse(name) for name in WORKING_PAGES})
    version = hashlib.sha256(json.dumps([shell, pages]).encode()).hexdigest()[:12]
    # "static" is the prefix of every static URL: static("") names no file, and production's manifest refuses it.
    return {"version": version, "shell": shell, "pages": pages, "offline": reverse("pwa_offline"),
            "keep_alive": reverse("core:session_keep_alive"),
            "static": settings.STATIC_URL, "scripts": [static("vendor/idb/umd.js"), static("tuanjie/queue.js")],
            "never": ["/api/", "/login/", "/logout/", "/system/session/"]}


@require_GET
def service_worker(request):
    script = render_to_string("core/sw.js", {"settings": json.dumps(worker_settings(), ensure_ascii=False)})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Browsers re-check the worker at most daily anyway; no-cache makes a new release reach them at once.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """What the app shows for a page it has not read before while there is no network. No personal data, so the
    same precached copy serves every person."""
    return render(request, "core/offline.html", {"title": "暂无网络"})


@login_required
def offline_queue(request):
    """The records waiting on this device (queue.js draws them from IndexedDB; the server knows nothing of them)."""
    return render(request, "core/offline_queue.html", {"title": "待同步记录"})
