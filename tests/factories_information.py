"""Information items for the generated access battery."""

from django.utils import timezone

from tests.factories import factory


@factory("information.InformationItem")
def make_item(place, tree):
    from tuanjie.information.models import InformationItem

    return InformationItem.objects.create(place=place, title=f"{place.name}开展民族团结宣讲", body="<p>正文</p>")


@factory("information.Publication")
def make_publication(place, tree):
    from tuanjie.information.models import Publication

    return Publication.objects.create(item=make_item(place, tree), channel=Publication.Channel.WECHAT, office=place,
                                      published_at=timezone.now())


@factory("information.InformationEvent")
def make_event(place, tree):
    from tuanjie.information.models import InformationEvent

    return InformationEvent.objects.create(item=make_item(place, tree), action="submit", action_label="报送",
                                           from_status="draft", to_status="submitted", time=timezone.now())
