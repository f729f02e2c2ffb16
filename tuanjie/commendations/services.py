"""Writes and workflows of commendations. Two transition tables:
- NOMINATION_TRANSITIONS: submitted → accept / reject (with reason) by the campaign's office; withdraw by the unit;
  an accepted nomination can still be rejected during the notice period (an objection upheld);
  with a recommending level, the office at that level above the unit first recommends it upward (recommend /
  not_recommend) within its own quota, and the campaign's office reviews only what was recommended;
- CAMPAIGN_TRANSITIONS: open → start_notice (dates) → notice → decide (after the notice period ends) → decided.
Each step is atomic, checked for role + level (the office AT the campaign's place) + state (core.workflow)."""

from __future__ import annotations

from datetime import date

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.commendations.models import Campaign, Category, Nomination, RecommendationQuota
from tuanjie.core.access import ADD, CHANGE, assignments_of, exactly_q, may
from tuanjie.core.dates import when
from tuanjie.core.roles import Role
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Workflow, table
from tuanjie.places.models import Place

N = Nomination.Status
C = Campaign.Status

UNIT = "unit"
CAMPAIGN_OFFICE = "campaign_office"
RECOMMENDER = "recommender"   # the office at the campaign's recommending level above the nominating unit

DEEDS_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote"}


def clean_deeds(html: str) -> str:
    return nh3.clean(html or "", tags=DEEDS_TAGS, attributes={}).strip()


def plain_text(text: str) -> str:
    return nh3.clean(text or "", tags=set()).strip()


def is_campaign_office(user, campaign: Campaign) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(role == Role.OFFICE and path == campaign.place.path for role, path in assignments_of(user))


def _office_name(campaign: Campaign) -> str:
    return _("%(p)s创建办") % {"p": campaign.place}


# ---------------------------------------------------------------- campaigns

def _check_campaign(user, place: Place, quotas: tuple[int, int, int]) -> None:
    if not place.is_area:
        raise ValidationError(_("评选表彰由行政区域的创建办组织"))
    if not may(user, ADD, Campaign, place):
        raise PermissionDenied(_("您无权在“%(p)s”组织评选表彰") % {"p": place})
    if not any(quotas):
        raise ValidationError(_("请至少为一个类别设定名额"))


@transaction.atomic
def campaign_create(*, by, place: Place, name: str, year: int, description: str = "",
                    nomination_deadline: date | None = None, quota_collective: int = 0, quota_individual: int = 0,
                    quota_family: int = 0, recommend_level=None) -> Campaign:
    _check_campaign(by, place, (quota_collective, quota_individual, quota_family))
    _check_recommend_level(place, recommend_level)
    return Campaign.objects.create(
        place=place, name=name.strip(), year=year, description=description, nomination_deadline=nomination_deadline,
        quota_collective=quota_collective, quota_individual=quota_individual, quota_family=quota_family,
        recommend_level=recommend_level)


def _check_recommend_level(place: Place, recommend_level) -> None:
    own = place.level
    if recommend_level is not None and (own is None or recommend_level.rank <= own.rank):
        raise ValidationError(_("推荐层级须低于本级（%(p)s）") % {"p": place.level or place})


@transaction.atomic
def campaign_update(*, by, instance: Campaign, place: Place, name: str, year: int, description: str = "",
                    nomination_deadline: date | None = None, quota_collective: int = 0, quota_individual: int = 0,
                    quota_family: int = 0, recommend_level=None) -> Campaign:
    """Change the settings while nominations are open; the organiser stays the office that created it, and the
    recommending level stays once a lower office has recommended."""
    campaign = Campaign.objects.select_for_update().get(pk=instance.pk)
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("公示开始后不能再修改评选设置"))
    if place.pk != campaign.place_id:
        raise ValidationError(_("评选的组织单位不能更改"))
    _check_campaign(by, place, (quota_collective, quota_individual, quota_family))
    _check_recommend_level(place, recommend_level)
    if (getattr(recommend_level, "pk", None) != campaign.recommend_level_id
            and campaign.nominations.exclude(recommended_by_office=None).exists()):
        raise ValidationError(_("已有下级推荐上报，不能再更改推荐层级"))
    campaign.recommend_level = recommend_level
    campaign.name, campaign.year, campaign.description = name.strip(), year, description
    campaign.nomination_deadline = nomination_deadline
    campaign.quota_collective, campaign.quota_individual = quota_collective, quota_individual
    campaign.quota_family = quota_family
    campaign.full_clean()
    campaign.save()
    return campaign


def campaign_available_actions(campaign: Campaign, user) -> list[Transition]:
    return CAMPAIGNS.available(user, campaign)


def campaign_act(*, by, campaign: Campaign, action: str, notice_start: date | None = None,
                 notice_end: date | None = None, notice_text: str = "", decision_no: str = "",
                 decided_on: date | None = None, today: date | None = None) -> Campaign:
    return CAMPAIGNS.take(by=by, record=campaign, action=action, notice_start=notice_start, notice_end=notice_end,
                          notice_text=notice_text, decision_no=decision_no, decided_on=decided_on,
                          today=today or timezone.localdate()).record


def _start_notice(step: Step) -> None:
    campaign, p = step.record, step.params
    nominations = campaign.nominations.select_for_update()
    if not p["notice_start"] or not p["notice_end"]:
        raise ValidationError(_("请填写公示开始和结束日期"))
    if p["notice_end"] < p["notice_start"]:
        raise ValidationError(_("公示结束日期不能早于开始日期"))
    if nominations.filter(status=N.SUBMITTED).exists():
        raise ValidationError(_("还有待审核的推荐对象，请审核完毕后再发布公示"))
    if not nominations.filter(status=N.ACCEPTED).exists():
        raise ValidationError(_("没有审核通过的推荐对象，不能发布公示"))
    campaign.notice_start, campaign.notice_end = p["notice_start"], p["notice_end"]
    campaign.notice_text = plain_text(p["notice_text"])


def _decide(step: Step) -> None:
    campaign, p, today = step.record, step.params, step.params["today"]
    if campaign.notice_end is None or today <= campaign.notice_end:
        raise ValidationError(_("公示期至%(d)s结束，公示期满后才能作出表彰决定") % {"d": when(campaign.notice_end)})
    if not (p["decision_no"] or "").strip():
        raise ValidationError(_("请填写表彰决定文号"))
    decided_on = p["decided_on"] or today
    if decided_on <= campaign.notice_end:
        raise ValidationError(_("表彰日期须在公示期结束之后"))
    campaign.decision_no, campaign.decided_on = p["decision_no"].strip(), decided_on
    for nomination in campaign.nominations.select_for_update().filter(status=N.ACCEPTED):
        nomination.status = N.HONOURED
        nomination.honoured_on = decided_on
        nomination.save()


CAMPAIGNS = Workflow(
    model=Campaign, noun=_l("评选"), related=("place",),
    transitions=table(
        Transition("start_notice", _l("发布公示"), frozenset({C.OPEN}), C.NOTICE, CAMPAIGN_OFFICE, apply=_start_notice),
        Transition("decide", _l("作出表彰决定"), frozenset({C.NOTICE}), C.DECIDED, CAMPAIGN_OFFICE, apply=_decide),
    ),
    actors={CAMPAIGN_OFFICE: Actor(is_campaign_office, _office_name)})
CAMPAIGN_TRANSITIONS = CAMPAIGNS.transitions


# ---------------------------------------------------------------- nominations

@transaction.atomic
def nomination_create(*, by, campaign: Campaign, unit: Place, category: str, nominee_name: str, summary: str,
                      deeds: str, today: date | None = None, files=()) -> Nomination:
    campaign = Campaign.objects.select_for_update().select_related("place").get(pk=campaign.pk)
    today = today or timezone.localdate()
    if campaign.status != C.OPEN:
        raise ValidationError(_("该评选已停止接受推荐"))
    if campaign.nomination_deadline and today > campaign.nomination_deadline:
        raise ValidationError(_("推荐已于%(d)s截止") % {"d": when(campaign.nomination_deadline)})
    if unit.kind != Place.Kind.UNIT or not unit.is_within(campaign.place):
        raise ValidationError(_("只有%(p)s范围内的创建单位可以推荐") % {"p": campaign.place})
    if not may(by, ADD, Nomination, unit):
        raise PermissionDenied(_("只有本单位的创建单位工作人员可以推荐"))
    if category not in Category.values:
        raise ValidationError(_("请选择推荐类别"))
    if campaign.quota_for(category) == 0:
        raise ValidationError(_("本次评选不设%(c)s") % {"c": Category(category).label})
    nominee_name, summary, deeds = plain_text(nominee_name), plain_text(summary), clean_deeds(deeds)
    if not nominee_name:
        raise ValidationError(_("请填写推荐对象名称"))
    if not summary:
        raise ValidationError(_("请填写事迹摘要（公示时公开）"))
    if len(summary) > 300:
        raise ValidationError(_("事迹摘要请控制在300字以内"))
    if not deeds:
        raise ValidationError(_("请填写事迹材料"))
    if campaign.nominations.filter(category=category, nominee_name=nominee_name, place=unit).exclude(
            status__in=[N.WITHDRAWN, N.REJECTED]).exists():
        raise ValidationError(_("本单位已推荐过“%(n)s”") % {"n": nominee_name})
    nomination = Nomination.objects.create(campaign=campaign, place=unit, category=category,
                                           nominee_name=nominee_name, summary=summary, deeds=deeds, nominated_by=by)
    if files:   # 事迹材料 as scanned or typed documents, photos of the nominee's work
        from tuanjie.attachments.services import attach_files

        attach_files(owner=nomination, files=files, by=by, caption=_("事迹材料"))
    return nomination


def nomination_available_actions(nomination: Nomination, user) -> list[Transition]:
    return NOMINATIONS.available(user, nomination)


def accepted_count(campaign: Campaign, category: str) -> int:
    return campaign.nominations.filter(category=category, status__in=[N.ACCEPTED, N.HONOURED]).count()


def nomination_act(*, by, nomination: Nomination, action: str, reason: str = "") -> Nomination:
    return NOMINATIONS.take(by=by, record=nomination, action=action, note=plain_text(reason)).record


# The campaign states in which each nomination step may be taken.
_OPEN_FOR = {"accept": frozenset({C.OPEN}), "reject": frozenset({C.OPEN, C.NOTICE}), "withdraw": frozenset({C.OPEN}),
             "recommend": frozenset({C.OPEN}), "not_recommend": frozenset({C.OPEN})}


def _campaign_allows(step: Step) -> None:
    nomination, campaign = step.record, step.record.campaign
    if campaign.status not in _OPEN_FOR[step.action]:
        raise ValidationError(_("评选当前为“%(s)s”，不能%(a)s") % {
            "s": campaign.get_status_display(), "a": step.transition.label})
    upward = campaign.recommend_level_id is not None
    if step.action in ("recommend", "not_recommend") and not upward:
        raise ValidationError(_("该评选由%(office)s直接审核，不经下级推荐") % {"office": _office_name(campaign)})
    if step.action in ("accept", "reject") and upward and nomination.status == N.SUBMITTED:
        raise ValidationError(_("该推荐对象须先经%(level)s级创建办审核推荐") % {"level": campaign.recommend_level})


# ---------------------------------------------------------------- upward recommendation

def recommender_office(nomination: Nomination) -> Place | None:
    from tuanjie.titles.services import office_above

    level = nomination.campaign.recommend_level
    return office_above(nomination.place, level) if level is not None else None


def _is_recommender(user, nomination: Nomination) -> bool:
    office = recommender_office(nomination)
    if not getattr(user, "is_authenticated", False) or office is None:
        return False
    return user.is_superuser or any(role == Role.OFFICE and path == office.path
                                    for role, path in assignments_of(user))


def _recommender_name(nomination: Nomination) -> str:
    return _("%(office)s创建办") % {"office": recommender_office(nomination) or _("推荐层级的")}


def _recommender_holds(user):
    from tuanjie.titles.services import offices_at_rank

    q = offices_at_rank(user, "place__path", "campaign__recommend_level__rank")
    return None if q is None else q & Q(campaign__status__in=_OPEN_FOR["recommend"])


def recommendation_used(campaign: Campaign, office: Place, category: str) -> int:
    """The office's recommendations still standing in the campaign (an upper rejection frees the place)."""
    return campaign.nominations.filter(recommended_by_office=office, category=category,
                                       status__in=[N.RECOMMENDED, N.ACCEPTED, N.HONOURED]).count()


def _recommend(step: Step) -> None:
    nomination, office = step.record, recommender_office(step.record)
    if office is None:   # the actor check found it; the tree cannot have lost it inside the step's lock
        raise ValidationError(_("没有推荐该对象的创建办"))
    quota = (RecommendationQuota.objects.select_for_update(of=("self",))
             .filter(campaign=nomination.campaign, place=office, category=nomination.category).first())
    if quota is None:
        raise ValidationError(_("%(office)s尚未获分配本次评选的%(c)s推荐名额，请联系%(upper)s") % {
            "office": office, "c": nomination.get_category_display(), "upper": _office_name(nomination.campaign)})
    if recommendation_used(nomination.campaign, office, nomination.category) >= quota.limit:
        raise ValidationError(_("%(office)s的%(c)s推荐名额（%(n)s个）已用完") % {
            "office": office, "c": nomination.get_category_display(), "n": quota.limit})
    nomination.recommended_by_office, nomination.recommended_at = office, timezone.now()
    _review(step)


@transaction.atomic
def recommendation_quota_set(*, by, campaign: Campaign, office: Place, category: str,
                             limit: int) -> RecommendationQuota:
    """The campaign's office gives an office at its recommending level a quota for a category."""
    # `of` self: the recommending level is an outer join, which PostgreSQL cannot lock
    campaign = (Campaign.objects.select_for_update(of=("self",)).select_related("place", "recommend_level")
                .get(pk=campaign.pk))
    if not is_campaign_office(by, campaign):
        raise PermissionDenied(_("推荐名额由%(office)s分配") % {"office": _office_name(campaign)})
    level, office_level = campaign.recommend_level, office.level
    if level is None:
        raise ValidationError(_("该评选未设推荐层级，不分配下级推荐名额"))
    if not (office.is_area and office_level is not None and office_level.rank == level.rank
            and office.is_within(campaign.place)):
        raise ValidationError(_("推荐名额分配给%(p)s范围内%(level)s级的创建办") % {
            "p": campaign.place, "level": campaign.recommend_level})
    if category not in Category.values or campaign.quota_for(category) == 0:
        raise ValidationError(_("本次评选不设该类别"))
    if limit < recommendation_used(campaign, office, category):
        raise ValidationError(_("名额不能少于已推荐的数量"))
    quota, _created = RecommendationQuota.objects.select_for_update(of=("self",)).update_or_create(
        campaign=campaign, place=office, category=category, defaults={"limit": limit})
    return quota


def _lock_campaign(nomination: Nomination) -> None:
    """The campaign before its nominations, as the campaign's own steps lock them."""
    Campaign.objects.select_for_update().filter(pk=nomination.campaign_id).first()


def _review(step: Step) -> None:
    nomination = step.record
    nomination.reviewed_at = timezone.now()
    nomination.reviewed_by = step.user
    nomination.review_reason = step.note


def _accept(step: Step) -> None:
    nomination = step.record
    limit = nomination.campaign.quota_for(nomination.category)
    if accepted_count(nomination.campaign, nomination.category) >= limit:
        raise ValidationError(_("%(c)s名额（%(n)s个）已满") % {"c": nomination.get_category_display(), "n": limit})
    _review(step)


def _reviewer_holds(user):
    """Nominations of the user's own campaigns while a review step is still open (`_OPEN_FOR`), except those
    still waiting for the lower office's recommendation."""
    q = exactly_q(user, {Role.OFFICE}, "campaign__place__path")
    if q is None:
        return None
    return q & Q(campaign__status__in=_OPEN_FOR["accept"] | _OPEN_FOR["reject"]) & ~Q(
        status=N.SUBMITTED, campaign__recommend_level__isnull=False)


def _reviewed_notice(step: Step) -> Notice | list[Notice] | None:
    """The nominating unit hears the office's decision."""
    if step.action == "withdraw":
        return None
    from tuanjie.people.selectors import people_with_role

    nomination = step.record
    if step.action == "recommend":   # the campaign's office has a recommendation to review
        return [Notice(people_with_role(Role.UNIT, nomination.place, upward=False),
                       title=_("推荐对象“%(n)s”：%(s)s") % {"n": nomination.nominee_name,
                                                        "s": nomination.get_status_display()}),
                Notice(people_with_role(Role.OFFICE, nomination.campaign.place, upward=False), kind="task",
                       title=_("%(office)s推荐上报：%(n)s") % {"office": nomination.recommended_by_office,
                                                          "n": nomination})]
    return Notice(people_with_role(Role.UNIT, nomination.place, upward=False),
                  title=_("推荐对象“%(n)s”：%(s)s") % {"n": nomination.nominee_name,
                                                   "s": nomination.get_status_display()},
                  body=nomination.review_reason, kind="info" if step.action == "accept" else "returned")


NOMINATIONS = Workflow(
    model=Nomination, noun=_l("推荐对象"), related=("place", "campaign__place"),
    lock_first=_lock_campaign, guard=_campaign_allows,
    transitions=table(
        Transition("recommend", _l("推荐上报"), frozenset({N.SUBMITTED}), N.RECOMMENDED, RECOMMENDER,
                   apply=_recommend),
        Transition("not_recommend", _l("不予推荐"), frozenset({N.SUBMITTED}), N.REJECTED, RECOMMENDER,
                   note_required=True, apply=_review),
        Transition("accept", _l("审核通过"), frozenset({N.SUBMITTED, N.RECOMMENDED}), N.ACCEPTED, CAMPAIGN_OFFICE,
                   apply=_accept),
        Transition("reject", _l("不予通过"), frozenset({N.SUBMITTED, N.RECOMMENDED, N.ACCEPTED}), N.REJECTED,
                   CAMPAIGN_OFFICE, note_required=True, apply=_review),
        Transition("withdraw", _l("撤回推荐"), frozenset({N.SUBMITTED}), N.WITHDRAWN, UNIT),
    ),
    actors={UNIT: Actor(lambda user, nomination: may(user, CHANGE, Nomination, nomination.place),
                        _l("推荐单位的创建单位工作人员")),
            CAMPAIGN_OFFICE: Actor(lambda user, nomination: is_campaign_office(user, nomination.campaign),
                                   lambda nomination: _office_name(nomination.campaign), _reviewer_holds),
            RECOMMENDER: Actor(_is_recommender, _recommender_name, _recommender_holds)},
    waiting=(Waiting(N.SUBMITTED, CAMPAIGN_OFFICE, _l("推荐对象待审核")),
             Waiting(N.RECOMMENDED, CAMPAIGN_OFFICE, _l("下级推荐上报的对象待审核")),
             Waiting(N.SUBMITTED, RECOMMENDER, _l("推荐对象待审核推荐上报"))),
    notify=_reviewed_notice)
NOMINATION_TRANSITIONS = NOMINATIONS.transitions
