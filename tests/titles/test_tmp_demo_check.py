import time
import pytest

@pytest.mark.django_db
def test_demo_builds():
    from tuanjie.demo.build import build
    t = time.time()
    build()
    print("demo seconds", time.time() - t)
    from tuanjie.titles.models import TitleApplication, DemonstrationTitle
    from tuanjie.commendations.models import Campaign, Nomination
    print(list(TitleApplication.objects.values_list("status", "current_step__name")))
    print(list(DemonstrationTitle.objects.values_list("place__name", "title_level__name", "status", "rectification_deadline")))
    print(list(Campaign.objects.values_list("name", "status", "notice_start", "notice_end")))
    print(Nomination.objects.values("status").annotate(n=__import__("django").db.models.Count("id")))
