from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from tuanjie.attachments import resumable
from tuanjie.attachments.models import Attachment
from tuanjie.attachments.services import max_bytes


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


# --- resumable uploads (tus 1.0.0, see resumable.py) ---------------------------------------------------------------

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,expiration,termination"


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _refuse(status: int, message: str) -> HttpResponse:
    return _tus(HttpResponse(message, status=status, content_type="text/plain; charset=utf-8"))


def _expires(upload) -> str:
    return http_date(upload.expires)


def _version_refused(request) -> HttpResponse | None:
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        response = _refuse(412, _("上传组件版本不符，请刷新页面后重试"))
        response["Tus-Version"] = TUS_VERSION
        return response
    return None


@csrf_protect
def resumable_create(request):
    if request.method == "OPTIONS":
        response = _tus(HttpResponse(status=204))
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = TUS_EXTENSIONS
        response["Tus-Max-Size"] = str(max_bytes())
        return response
    if request.method != "POST":
        return _refuse(405, _("不支持的请求"))
    refused = _version_refused(request)
    if refused:
        return refused
    if request.headers.get("Upload-Defer-Length") or not (request.headers.get("Upload-Length") or "").isdigit():
        return _refuse(400, _("缺少文件大小（Upload-Length）"))
    length = int(request.headers["Upload-Length"])
    if length > max_bytes():
        return _refuse(413, _("文件超过%(mb)dMB，请压缩后再上传") % {"mb": max_bytes() // 1048576})
    try:
        metadata = resumable.parse_metadata(request.headers.get("Upload-Metadata", ""))
    except ValueError:
        return _refuse(400, _("文件信息（Upload-Metadata）无法识别"))
    upload = resumable.upload_create(by=request.user, length=length, metadata=metadata)
    response = _tus(HttpResponse(status=201))
    response["Location"] = reverse("attachments:resumable_upload", args=[upload.id])
    response["Upload-Expires"] = _expires(upload)
    response["Upload-Offset"] = "0"
    return response


@csrf_protect
def resumable_upload(request, upload_id):
    if request.method == "OPTIONS":
        return resumable_create(request)
    if request.method not in ("HEAD", "PATCH", "DELETE"):
        return _refuse(405, _("不支持的请求"))
    refused = _version_refused(request)
    if refused:
        return refused
    upload = resumable.upload_for(request.user, upload_id)
    if upload is None:
        return _refuse(404, _("没有找到这次上传"))
    if upload.expired:
        return _refuse(410, _("这次上传已过期，请重新选择文件"))
    if request.method == "DELETE":
        resumable.upload_delete(upload=upload)
        return _tus(HttpResponse(status=204))
    if request.method == "PATCH":
        if request.content_type != "application/offset+octet-stream":
            return _refuse(415, _("上传内容的格式不对（应为 application/offset+octet-stream）"))
        offset = request.headers.get("Upload-Offset") or ""
        if not offset.isdigit():
            return _refuse(400, _("缺少上传位置（Upload-Offset）"))
        try:
            resumable.upload_append(upload=upload, offset=int(offset), stream=request)
        except resumable.OffsetMismatch:
            response = _refuse(409, _("上传位置不符，请从服务器记录的位置继续"))
            response["Upload-Offset"] = str(upload.offset)
            return response
        except resumable.TooLong:
            return _refuse(413, _("上传的内容超过了声明的文件大小"))
        except resumable.Interrupted:
            return _refuse(400, _("连接中断，请从服务器记录的位置继续"))
    response = _tus(HttpResponse(status=204 if request.method == "PATCH" else 200))
    response["Upload-Offset"] = str(upload.offset)
    response["Upload-Length"] = str(upload.length)
    response["Upload-Expires"] = _expires(upload)
    return response
