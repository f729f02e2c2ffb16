from django import template

from tuanjie.attachments.models import Attachment

register = template.Library()


@register.inclusion_tag("attachments/partials/gallery.html", takes_context=True)
def attachment_gallery(context, owner):
    request = context.get("request")
    qs = Attachment.objects.for_object(owner)
    if request is not None:
        qs = qs.restrict(request.user)
    return {"attachments": list(qs)}
