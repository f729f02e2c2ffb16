"""Public pages (no sign-in): published news with photos. Only items published on this platform's public
pages are shown, and only their own attachments are served; nothing personal is displayed."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from tuanjie.information import selectors
from tuanjie.places.models import Place

# The sections of the public site shown on its home page.
PUBLIC_SECTIONS = [
    (_l("创建动态"), "public:news_list", _l("各地各单位民族团结进步创建工作信息")),
    (_l("表彰公示"), "public_commendations:notice_list", _l("模范集体、模范个人评选表彰公示")),
]


def _sections():
    return [{"label": label, "url": reverse(url_name), "text": text} for label, url_name, text in PUBLIC_SECTIONS]


def _place_filter(request):
    """The area chosen in the filter (areas are public geography; units are not offered)."""
    value = request.GET.get("place", "").strip()
    if not value.isdigit():
        return None
    return Place.objects.areas().filter(pk=int(value)).first()


@require_GET
def home(request):
    return render(request, "public/home.html", {
        "title": _("民族团结进步"), "news": list(selectors.public_items()[:6]), "sections": _sections(),
    })


@require_GET
def news_list(request):
    place = _place_filter(request)
    page = Paginator(selectors.public_items(place), 12).get_page(request.GET.get("page"))
    return render(request, "public/news_list.html", {
        "title": _("创建动态"), "page": page, "place": place, "areas": selectors.public_areas(),
    })


@require_GET
def news_detail(request, pk):
    item = selectors.public_items().filter(pk=pk).first()
    if item is None:
        raise Http404(_("没有找到这条信息，或它已撤回发布"))
    attachments = list(selectors.public_attachments(item))
    trail = [p for p in item.place.ancestors_and_self() if p.kind == Place.Kind.AREA]
    return render(request, "public/news_detail.html", {
        "title": item.title, "item": item, "trail": trail,
        "photos": [a for a in attachments if a.is_image],
    })


def _public_attachment(pk):
    from django.contrib.contenttypes.models import ContentType

    from tuanjie.attachments.models import Attachment
    from tuanjie.information.models import InformationItem

    attachment = Attachment.objects.filter(
        pk=pk, content_type=ContentType.objects.get_for_model(InformationItem), kind=Attachment.Kind.IMAGE,
    ).first()
    if attachment is None or not selectors.public_items().filter(pk=attachment.object_id).exists():
        raise Http404(_("没有找到该图片"))
    return attachment


@require_GET
def photo(request, pk):
    attachment = _public_attachment(pk)
    return FileResponse(attachment.file.open("rb"), content_type=attachment.mime)


@require_GET
def photo_thumb(request, pk):
    attachment = _public_attachment(pk)
    if not attachment.thumbnail:
        return FileResponse(attachment.file.open("rb"), content_type=attachment.mime)
    return FileResponse(attachment.thumbnail.open("rb"), content_type="image/jpeg")
