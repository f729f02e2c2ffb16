from django.http import FileResponse, Http404

from tuanjie.attachments.models import Attachment


def _open(request, pk):
    attachment = Attachment.objects.restrict(request.user).filter(pk=pk).first()
    if attachment is None:
        raise Http404("没有找到，或您无权查看")
    return attachment


def download(request, pk):
    attachment = _open(request, pk)
    return FileResponse(attachment.file.open("rb"), filename=attachment.original_name,
                        as_attachment=not attachment.is_image, content_type=attachment.mime)


def thumbnail(request, pk):
    attachment = _open(request, pk)
    if not attachment.thumbnail:
        raise Http404
    return FileResponse(attachment.thumbnail.open("rb"), content_type="image/jpeg")
