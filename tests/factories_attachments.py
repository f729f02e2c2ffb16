from tests.factories import factory

PNG_1PX = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
           b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@factory("attachments.Attachment")
def make_attachment(place, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tuanjie.attachments.services import attach

    return attach(owner=place, file=SimpleUploadedFile("photo.png", PNG_1PX), by=None)
