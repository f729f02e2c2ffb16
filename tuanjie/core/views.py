"""Generic pages. A view names its model, filterset, columns and form; access, search, paging, HTMX partials,
Excel export and the change log come from here. No view checks access by hand: every queryset starts with
`restrict(user, action)` and every write is checked with `may(user, action, model, place)`."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from tuanjie.core import answers, import_staging, recyclebin, versioning
from tuanjie.core.access import ADD, CHANGE, DELETE, VIEW, may, places_for
from tuanjie.core.focus import focus_narrows, focus_place
from tuanjie.core.paging import CappedPaginator
from tuanjie.core.related import restrict_filterset, restrict_form
from tuanjie.core.spreadsheets import xlsx_response
from tuanjie.core.writes import DeclaredServices


class RestrictedMixin:
    model = None
    action = VIEW

    def base_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)

    def get_object(self):
        obj = self.base_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404(_("没有找到，或您无权查看"))
        return obj

    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)


class ObjectListView(RestrictedMixin, ListView):
    """List with filters, search (names and pinyin initials), sortable columns, paging and Excel export."""

    template_name = "core/object_list.html"
    partial_template_name = "core/partials/object_table.html"
    filterset_class = None
    columns: list = []
    paginate_by = 50
    paginator_class = CappedPaginator
    search = True
    follow_focus = True       # limit to the focused place's subtree
    create_url_name: str | None = None
    # Other ways to add, shown beside 新增 to those who may add: (label, url name, icon), e.g. 补录 of past items.
    more_create_links: tuple = ()
    import_url_name: str | None = None
    select_related: tuple = ()
    title: str | None = None
    lede = None               # the page's one line of help (core/pagehelp.py); every list declares one
    empty_hint = None         # what the empty list says goes here, beside the 新增/导入 buttons
    bulk_actions: tuple = ()   # core.bulk_actions.BulkAction: rows get check boxes, and "export these" comes along

    def get_queryset(self):
        qs = self.base_queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        place = focus_place(self.request) if self.follow_focus else None
        if place is not None and focus_narrows(self.request, self.model, place):
            qs = qs.filter(**{f"{self.model.place_path_lookup}__startswith": place.path})
        q = self.request.GET.get("q", "").strip()
        if self.search and q and hasattr(qs, "search"):
            qs = qs.search(q)
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = restrict_filterset(
                self.filterset_class(self.request.GET, queryset=qs, request=self.request), self.request.user)
            qs = self.filterset.qs
        sort = self.request.GET.get("sort", "")
        sortable = {c.order_by for c in self.columns if c.order_by}
        if sort.lstrip("-") in sortable:
            qs = qs.order_by(sort, "pk")
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export(self.get_queryset().iterator(chunk_size=2000))
        return super().get(request, *args, **kwargs)

    def export(self, objects):
        headers = [str(c.label) for c in self.columns]
        rows = ([c.text(obj) for c in self.columns] for obj in objects)
        return xlsx_response(f"{self.verbose_name()}.xlsx", headers, rows, self.verbose_name())

    def post(self, request, *args, **kwargs):
        """The selected rows: exported, or each taken through the chosen action (core/bulk_actions.py)."""
        from tuanjie.core.bulk_actions import MAX_SELECTED, bulk_apply

        if not self.bulk_actions:
            return HttpResponseNotAllowed(["GET"])
        back = request.get_full_path()
        ids = list(dict.fromkeys(int(v) for v in request.POST.getlist("selected") if v.isdigit()))
        if not ids:
            messages.error(request, _("请先勾选要处理的记录"))
            return redirect(back)
        if len(ids) > MAX_SELECTED:
            messages.error(request, _("一次最多处理%(n)d条，请分批勾选") % {"n": MAX_SELECTED})
            return redirect(back)
        records = list(self.get_queryset().filter(pk__in=ids))   # only rows this person may see, as listed
        name = request.POST.get("action", "")
        if name == "export":
            return self.export(records)
        action = {a.name: a for a in self.bulk_actions}.get(name)
        if action is None:
            messages.error(request, _("请选择要进行的操作"))
            return redirect(back)
        note = request.POST.get("note", "").strip()
        if action.note_required and not note:
            messages.error(request, _("请填写%(what)s") % {"what": action.note_label})
            return redirect(back)
        outcome = bulk_apply(by=request.user, records=records, action=action, note=note,
                             choice=request.POST.get("choice", ""))
        if outcome.done:
            messages.success(request, _("%(a)s：已完成%(n)d条") % {"a": action.label, "n": len(outcome.done)})
        for record, reason in outcome.refused[:20]:
            messages.warning(request, _("未能%(a)s“%(r)s”：%(why)s") % {"a": action.label, "r": record, "why": reason})
        if len(outcome.refused) > 20:
            messages.warning(request, _("另有%(n)d条未能处理") % {"n": len(outcome.refused) - 20})
        if len(records) < len(ids):
            messages.warning(request, _("%(n)d条记录不存在或不在您的查看范围内，未处理") % {"n": len(ids) - len(records)})
        return redirect(back)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "results":
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        may_create = self.may_create()
        ctx.update(
            title=self.title or self.model._meta.verbose_name_plural,
            columns=self.columns,
            filterset=self.filterset,
            query=self.request.GET.get("q", ""),
            sort=self.request.GET.get("sort", ""),
            querystring=params.urlencode(),
            create_url_name=self.create_url_name if may_create else None,
            import_url_name=self.import_url_name if may_create else None,
            more_create_links=self.more_create_links if may_create else (),
            search_enabled=self.search,
            bulk_actions=[(a, a.choices(self.request.user) if a.choices else None) for a in self.bulk_actions],
        )
        return ctx

    def may_create(self) -> bool:
        return self.create_url_name is not None and places_for(self.request.user, self.model, ADD).exists()


class ObjectDetailView(RestrictedMixin, View):
    template_name = "core/object_detail.html"
    fields: list = []           # Columns shown as label/value rows
    lede = None                 # the page's one line of help (core/pagehelp.py)
    edit_url_name: str | None = None
    delete_url_name: str | None = None

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return render(request, self.template_name, self.get_context_data(obj))

    def get_context_data(self, obj):
        from tuanjie.archives.closing import closed_notice

        place = getattr(obj, "scope_place", None)
        # A closed year's record is read-only (archives/closing.py refuses the write): say so instead of offering
        # buttons that could only end in that refusal.
        closed = closed_notice(obj)
        return {
            "object": obj,
            "title": str(obj),
            "verbose_name": self.verbose_name(),
            "rows": [(c.label, c.raw(obj), c) for c in self.fields],
            "closed_notice": closed,
            "can_change": not closed and self.edit_url_name and place is not None
            and may(self.request.user, CHANGE, self.model, place),
            "can_delete": not closed and self.delete_url_name and place is not None
            and may(self.request.user, DELETE, self.model, place),
            "edit_url_name": self.edit_url_name,
            "delete_url_name": self.delete_url_name,
            **self.history_context(obj),
        }

    def history_context(self, obj) -> dict:
        """The record's change log for those who read the log (offices), rendered as the log pages are."""
        from tuanjie.core.changelog_display import record_history
        from tuanjie.core.models import ChangeLoggedModel

        if not isinstance(obj, ChangeLoggedModel):
            return {}
        meta = type(obj)._meta
        return {"history": record_history(self.request.user, obj), "history_kind": f"{meta.app_label}.{meta.model_name}"}


class ObjectEditView(DeclaredServices, RestrictedMixin, View):
    """Create (no pk) or edit (pk). The form gets the user, so its place choices are already restricted;
    the place the record ends up in is checked again before anything is saved.

    Writes go through services, declared as the form is: the page calls
    `create_service(by=user, **fields)` on creation and `update_service(by=user, instance=obj, **fields)` on edit,
    where `fields` is `service_fields(form)` (the form's cleaned data unless the view says otherwise), so an edit
    re-runs the checks of a creation. A view whose services take other arguments overrides `perform_save` and
    still calls `self.create_service` / `self.update_service`. Only reference data declares `plain_crud = True`
    (with a comment saying why) and is saved with `form.save()`; `tests/core/test_write_paths.py` holds every
    edit page to this."""

    template_name = "core/object_form.html"
    form_class = None
    success_url_name: str | None = None

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        obj = self.model.objects.restrict(self.request.user, CHANGE).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404(_("没有找到，或您无权修改"))
        return obj

    def get_form(self, obj, data=None, files=None):
        # A new record's page opened from a link that names some of its fields (the home page's "还差 2 次" opens
        # the activity form on the rule's kind, "记录走访" on the household) starts with those values.
        initial = self.request.GET.dict() if obj is None and data is None else None
        return self.form_class(data=data, files=files, instance=obj, user=self.request.user, initial=initial)

    def render_form(self, form, obj):
        return render(self.request, self.template_name, {
            "form": form, "object": obj,
            "title": (_("修改%(name)s") if obj else _("新增%(name)s")) % {"name": self.verbose_name()},
        })

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        form = restrict_form(self.get_form(obj), request.user)    # whatever a view's get_form builds
        versioning.add_token(form, obj)
        return self.render_form(form, obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = restrict_form(self.get_form(obj, request.POST, request.FILES), request.user)
        versioning.add_token(form, obj)
        if form.is_valid():
            try:
                with transaction.atomic():
                    versioning.check_form(form, obj)     # someone else's save since the page was opened
                    saved = self.perform_save(form, obj)
                    place = saved.scope_place
                    if not may(request.user, CHANGE if obj else ADD, self.model, place):
                        raise PermissionDenied(_("您无权在“%(place)s”下保存该记录") % {"place": place})
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except PermissionDenied as exc:
                # Refused by the service or the place check: say why, on the form, and still answer 403.
                reason = str(exc) or _("您无权保存该记录")
                if answers.wants_json(request):
                    return answers.refused(reason)
                form.add_error(None, reason)
                response = self.render_form(form, obj)
                response.status_code = 403
                return response
            else:
                return answers.saved(request, redirect_to=self.success_url(saved), obj=saved,
                                     message=_("已保存：%(obj)s") % {"obj": saved})
        if answers.wants_json(request):
            return answers.invalid(form)
        return self.render_form(form, obj)

    def service_fields(self, form) -> dict:
        return dict(form.cleaned_data)

    def perform_save(self, form, obj):
        if self.plain_crud:
            return form.save()
        service = self.update_service if obj is not None else self.create_service
        if service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no {'update' if obj else 'create'}_service")
        if obj is None:
            return service(by=self.request.user, **self.service_fields(form))
        # Validating a model form already wrote its data onto `obj`: the service gets the stored record (locked),
        # so what it compares with is what was saved.
        stored = self.model.objects.select_for_update().get(pk=obj.pk)
        return service(by=self.request.user, instance=stored, **self.service_fields(form))

    def success_url(self, saved) -> str:
        return saved.get_absolute_url()


class ObjectDeleteView(RestrictedMixin, View):
    """Deletes through `delete_service(by=, obj=)`: by default into the recycle bin (core/recyclebin.py), so an
    office can restore it. The page says beforehand what goes with it, or why it may not be deleted."""

    template_name = "core/object_delete.html"
    success_url_name: str = "home"
    action = DELETE
    delete_service = staticmethod(recyclebin.record_delete)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        refusal, summary = recyclebin.preview(obj)
        return render(request, self.template_name, {
            "object": obj, "title": _("删除%(name)s") % {"name": self.verbose_name()},
            "refusal": refusal, "summary": summary, "recycle_days": settings.TUANJIE_RECYCLE_DAYS})

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            with transaction.atomic():
                binned = self.perform_delete(obj)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(obj.get_absolute_url())
        if binned is not None:
            messages.success(request, _("已删除：%(obj)s。%(days)d天内可在“系统 → 回收站”恢复") % {
                "obj": obj, "days": settings.TUANJIE_RECYCLE_DAYS})
        else:
            messages.success(request, _("已删除：%(obj)s") % {"obj": obj})
        return redirect(self.success_url_name)

    def perform_delete(self, obj):
        return self.delete_service(by=self.request.user, obj=obj)


class ImportView(View):
    """Upload a file; on any bad row nothing is written and every bad row is listed.

    An import into one record (a plan's tasks, a programme's households) declares `options_form_class`, a form
    taking `user=` whose cleaned data are passed to the importer as keyword arguments; its initial values may come
    from the query string, so a page can link to the import of its own record."""

    template_name = "core/import.html"
    model = None               # what the rows create: the page opens only for someone who may add it somewhere
    importer_class = None
    options_form_class = None
    title = ""
    template_url_name: str | None = None
    success_url_name: str = "home"

    def dispatch(self, request, *args, **kwargs):
        if (self.model is not None and request.user.is_authenticated
                and not places_for(request.user, self.model, ADD).exists()):
            raise PermissionDenied(_("您无权导入%(name)s") % {"name": self.model._meta.verbose_name_plural})
        return super().dispatch(request, *args, **kwargs)

    def options_form(self, data=None):
        if self.options_form_class is None:
            return None
        return restrict_form(self.options_form_class(data=data, initial=self.request.GET.dict(),
                                                     user=self.request.user), self.request.user)

    def render_page(self, options, errors=None, status=200, preview=None, token=""):
        return render(self.request, self.template_name, {
            "title": self.title, "errors": errors, "template_url_name": self.template_url_name,
            "options_form": options, "preview": preview, "token": token}, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.options_form())

    def post(self, request, *args, **kwargs):
        """An upload is checked in full and previewed (nothing kept but the file); "确认导入" imports the same
        file for real. Every row is checked again then, so a preview that went stale changes nothing wrongly."""
        if "confirm" in request.POST:
            return self.confirm(request)
        options = self.options_form(request.POST)
        uploaded = request.FILES.get("file")
        if uploaded is None:
            return self.render_page(options, [_("请选择要导入的文件")])
        if options is not None and not options.is_valid():
            return self.render_page(options, status=422)
        importer = self.importer_class(request.user, **(options.cleaned_data if options is not None else {}))
        result = importer.run(uploaded, dry_run=True)
        if not result.ok:
            import_staging.discard(request)
            return self.render_page(options, result.errors, status=422)
        fields = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "file")}
        token = import_staging.stage(request, uploaded, fields)
        return self.render_page(options, preview=result, token=token)

    def confirm(self, request):
        staged = import_staging.take(request, request.POST.get("confirm", ""))
        if staged is None:
            return self.render_page(self.options_form(), [_("预览已过期，请重新选择文件上传")], status=422)
        uploaded, fields = staged
        try:
            options = self.options_form(fields)
            if options is not None and not options.is_valid():
                return self.render_page(options, status=422)
            importer = self.importer_class(request.user, **(options.cleaned_data if options is not None else {}))
            result = importer.run(uploaded)
        finally:
            uploaded.close()
            import_staging.discard(request)
        if not result.ok:
            return self.render_page(options, result.errors, status=422)
        return self.succeeded(importer, result)

    def succeeded(self, importer, result):
        messages.success(self.request, _("导入成功：新增%(c)d条，更新%(u)d条") % {
            "c": result.created, "u": result.updated})
        return redirect(self.success_url_name)
