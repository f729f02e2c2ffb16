"""The site's URLs plus two views that fail, for the error page tests."""

from django.contrib.auth.models import Group
from django.db import OperationalError
from django.urls import path

from tuanjie import urls

handler500 = urls.handler500   # Django reads it from the root URLconf


def broken(request):
    raise ValueError("a bug")


def saves_then_loses_the_database(request):
    Group.objects.create(name="已经保存")           # autocommit: this is in the database for good
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("broken/", broken), path("saves-then-fails/", saves_then_loses_the_database), *urls.urlpatterns]
