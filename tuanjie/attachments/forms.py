from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (photos of an activity); validated by content in attach_files(). A `resumable`
    field lets the page send its large files ahead in resumable chunks (send.js, attachments/resumable.py): its
    view must then take `files_from(request, name)`, which adds the finished uploads the form names."""

    def __init__(self, *args, resumable: bool = False, **kwargs):
        attrs = {"accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"}
        if resumable:
            attrs["data-resumable"] = reverse_lazy("attachments:resumable")
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("label", _("照片/附件"))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
