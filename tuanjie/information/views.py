"""Pages for units (write, revise, submit) and offices (review queue, accept/return, forward, publish).
Access comes from `restrict` and the workflow's own checks; no view checks roles by hand."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core.access import VIEW
from tuanjie.core.dates import when
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.information import bulk, selectors, services
from tuanjie.information.filtersets import ItemFilterSet
from tuanjie.information.forms import ItemForm, LateItemForm, PublishForm, ReviewForm, WithdrawForm
from tuanjie.information.models import InformationItem, Publication


def _local(name):
    """A datetime column shown in local time."""
    def value(obj):
        moment = getattr(obj, name)
        return when(moment) if moment else None
    return value


def _can(user, item, action) -> bool:
    try:
        services.check(user, item, action)
    except Exception:  # PermissionDenied or ValidationError: not now, not for this person
        return False
    return True


class ItemListView(ObjectListView):
    lede = _l("各单位报送的创建信息和简报：撰写、报送、审核采用、上报和发布")
    empty_hint = _l("写好本单位的创建信息或简报后报送，上级创建办审核采用后可上报、发布。")
    model = InformationItem
    select_related = ("place", "reviewer_place")
    filterset_class = ItemFilterSet
    create_url_name = "information:item_add"
    more_create_links = ((_l("补录"), "information:item_add_late", "clock-history"),)
    bulk_actions = bulk.ACTIONS
    columns = [
        Column("title", _l("标题"), link=True),
        Column("place", _l("报送单位"), order_by="place__path"),
        Column("kind", _l("类别")),
        Column("status", _l("状态"), order_by="status"),
        Column("submitted_at", _l("报送时间"), value=_local("submitted_at"), order_by="submitted_at"),
        Column("reviewer_place", _l("审核创建办")),
        Column("published_at", _l("发布时间"), value=_local("published_at"), order_by="published_at"),
    ]


class QueueView(RestrictedMixin, View):
    """The office's review queue: accept or return in place (HTMX), or open the review page to edit first."""

    lede = _l("等待本创建办审核的信息：采用（可修改）或退回，并说明理由")
    model = InformationItem

    def get(self, request):
        items = list(selectors.review_queue(request.user)[:200])
        for item in items:
            item.actions = services.allowed_actions(request.user, item)
        return render(request, "information/queue.html", {"items": items, "title": _("信息审核")})


class ItemDetailView(ObjectDetailView):
    lede = _l("一条信息的正文、处理记录和发布情况")
    model = InformationItem
    template_name = "information/item_detail.html"
    edit_url_name = "information:item_edit"
    delete_url_name = "information:item_delete"
    fields = [
        Column("place", _l("报送单位")), Column("kind", _l("类别")), Column("status", _l("状态")),
        Column("author", _l("撰稿人")), Column("submitted_at", _l("报送时间"), value=_local("submitted_at")),
        Column("reviewer_place", _l("审核创建办")), Column("accepted_at", _l("采用时间"), value=_local("accepted_at")),
        Column("published_at", _l("发布时间"), value=_local("published_at")),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("place", "reviewer_place", "author", "forwarded_from")

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        publications = list(obj.publications.select_related("office", "published_by"))
        ctx.update(
            can_change=_can(user, obj, "edit"),
            can_delete=_can(user, obj, "delete"),
            actions=services.allowed_actions(user, obj),
            events=obj.events.select_related("user", "office"),
            publications=[(p, services.may_withdraw(user, p)) for p in publications],
            public=any(p.active and p.channel == Publication.Channel.PLATFORM for p in publications),
        )
        return ctx


class ItemEditView(ObjectEditView):
    model = InformationItem
    form_class = ItemForm
    create_service = services.item_create
    update_service = services.item_update

    def perform_save(self, form, obj):
        data = form.cleaned_data
        if obj is None:
            return self.create_service(by=self.request.user, place=data["place"], title=data["title"],
                                       body=data["body"], kind=data["kind"], files=data["photos"])
        return self.update_service(item=obj, by=self.request.user, title=data["title"], body=data["body"],
                                   kind=data["kind"], files=data["photos"])


class LateItemEditView(ObjectEditView):
    """补录: enter past work with its real dates; it goes to the office above, whose acceptance confirms it."""

    model = InformationItem
    form_class = LateItemForm
    create_service = services.item_enter_late

    def service_fields(self, form) -> dict:
        fields = dict(form.cleaned_data)
        fields["files"] = fields.pop("photos")
        return fields

    def render_form(self, form, obj):
        return render(self.request, self.template_name, {"form": form, "object": obj, "title": _("补录信息")})


class ItemDeleteView(ObjectDeleteView):
    model = InformationItem
    success_url_name = "information:item_list"

    def perform_delete(self, obj):
        return services.item_delete(item=obj, by=self.request.user)


class _ItemStepView(RestrictedMixin, View):
    """A workflow step posted from a page. Errors of state come back as a message; wrong role → 403."""

    model = InformationItem
    action = VIEW  # the item must be visible; the workflow decides the rest

    def done(self, item, message):
        if getattr(self.request, "htmx", False):
            return render(self.request, "information/partials/queue_done.html", {"item": item, "message": message})
        messages.success(self.request, message)
        return redirect(item.get_absolute_url())

    def failed(self, item, exc):
        text = "；".join(exc.messages)
        if getattr(self.request, "htmx", False):
            item.actions = services.allowed_actions(self.request.user, item)
            return render(self.request, "information/partials/queue_done.html",
                          {"item": item, "message": text, "error": True})
        messages.error(self.request, text)
        return redirect(item.get_absolute_url())


STEP_MESSAGES = {
    "submit": _l("已报送，等待上级创建办审核"),
    "accept": _l("已采用"),
    "return": _l("已退回单位修改"),
    "forward": _l("已上报上级创建办"),
    "decline": _l("已退回下级创建办（不予采用）"),
}


class ItemActionView(_ItemStepView):
    """POST submit / accept / return / forward / decline (comment optional except for return)."""

    def post(self, request, pk, step):
        item = self.get_object()
        comment = request.POST.get("comment", "")
        user = request.user
        try:
            if step == "submit":
                item = services.item_submit(item=item, by=user)
            elif step == "accept":
                item = services.item_accept(item=item, by=user, comment=comment)
            elif step == "return":
                item = services.item_return(item=item, by=user, comment=comment)
            elif step == "forward":
                item = services.item_forward(item=item, by=user, comment=comment)
            elif step == "decline":
                item = services.item_decline(item=item, by=user, comment=comment)
            else:
                raise Http404
        except ValidationError as exc:
            return self.failed(item, exc)
        return self.done(item, str(STEP_MESSAGES[step]))


class ReviewView(_ItemStepView):
    """Accept with edits (the unit's original is kept) or return with a comment."""

    def get(self, request, pk):
        item = self.get_object()
        try:
            services.check(request.user, item, "accept")
        except ValidationError as exc:
            return self.failed(item, exc)
        form = ReviewForm(initial={"title": item.title, "body": item.body})
        return self.render(item, form)

    def render(self, item, form):
        return render(self.request, "information/review.html", {
            "item": item, "form": form, "title": _("审核信息"),
            "can_return": _can(self.request.user, item, "return")})

    def post(self, request, pk):
        item = self.get_object()
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render(item, form)
        data = form.cleaned_data
        try:
            if request.POST.get("decision") == "return":
                item = services.item_return(item=item, by=request.user, comment=data["comment"])
                return self.done(item, str(STEP_MESSAGES["return"]))
            item = services.item_accept(item=item, by=request.user, title=data["title"], body=data["body"],
                                        comment=data["comment"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render(item, form)
        return self.done(item, str(STEP_MESSAGES["accept"]))


class PublishView(_ItemStepView):
    def get(self, request, pk):
        item = self.get_object()
        try:
            services.check(request.user, item, "publish")
        except ValidationError as exc:
            return self.failed(item, exc)
        return self.render(item, PublishForm(initial={"channels": [Publication.Channel.PLATFORM]}))

    def render(self, item, form):
        return render(self.request, "information/publish.html", {"item": item, "form": form, "title": _("发布信息")})

    def post(self, request, pk):
        item = self.get_object()
        form = PublishForm(request.POST)
        if not form.is_valid():
            return self.render(item, form)
        data = form.cleaned_data
        links = {c: data["link"] for c in data["channels"] if c != Publication.Channel.PLATFORM and data["link"]}
        try:
            services.item_publish(item=item, by=request.user, channels=data["channels"], links=links,
                                  comment=data["comment"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render(item, form)
        messages.success(request, _("已发布"))
        return redirect(item.get_absolute_url())


class WithdrawView(_ItemStepView):
    def post(self, request, pk, publication_pk):
        item = self.get_object()
        publication = item.publications.filter(pk=publication_pk).first()
        if publication is None:
            raise Http404
        form = WithdrawForm(request.POST)
        reason = form.data.get("reason", "")
        try:
            services.publication_withdraw(publication=publication, by=request.user, reason=reason)
        except ValidationError as exc:
            return self.failed(item, exc)
        messages.success(request, _("已撤回该渠道的发布"))
        return redirect(item.get_absolute_url())

