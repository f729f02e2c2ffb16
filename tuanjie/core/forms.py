"""How every form on the site is rendered (settings.FORM_RENDERER)."""

from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import TemplatesSetting

DJANGO_EMPTY = BLANK_CHOICE_DASH[0][1]     # "---------": Django's (and django-filter's) empty choice
EMPTY_CHOICE = "请选择…"


class FormRenderer(TemplatesSetting):
    """Django's renderer through the project's templates (TemplatesSetting), with "请选择…" for the empty choice of every select. Relabelling at render time is the
    one place that sees every select: model fields' blank choice, ModelChoiceField's empty_label and
    django-filter's all carry Django's dashes, and forms that name their own empty choice keep it."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict):
            for _group, options, _index in widget.get("optgroups", ()):
                for option in options:
                    if option.get("label") == DJANGO_EMPTY and option.get("value") in ("", None):
                        option["label"] = EMPTY_CHOICE
        return super().render(template_name, context, request=request)
