"""Daily reminders (run by `tuanjie remind`): from November, each target of a signed agreement that the records do
not yet show met is put to its responsible person (or the party's staff when none is named), once per target and
year (dedupe key), so the gap is closed before the year-end assessment."""

from datetime import date

from django.utils.translation import gettext as _

from tuanjie.agreements.models import Agreement, AgreementTarget
from tuanjie.agreements.selectors import target_progress
from tuanjie.agreements.services import ASSESS_FROM_MONTH, people_of


def targets_behind(today: date) -> int:
    from tuanjie.notifications.services import notify

    if today.month < ASSESS_FROM_MONTH:
        return 0
    sent = 0
    targets = (AgreementTarget.objects.filter(agreement__status=Agreement.Status.SIGNED, agreement__year=today.year)
               .exclude(kind=AgreementTarget.Kind.WRITTEN)
               .select_related("agreement__place", "quota_rule__place", "plan_task", "responsible"))
    for target in targets:
        progress = target_progress(target, today=today)
        if progress.met:
            continue
        agreement = target.agreement
        recipients = [target.responsible] if target.responsible_id else people_of(agreement.place)
        sent += notify(
            recipients, kind="deadline",
            title=_("责任书目标尚未完成：%(t)s") % {"t": target.text[:60]},
            body=_("“%(a)s”的目标“%(t)s”当前进度%(p)s，年底将核定完成情况，请抓紧推进。") % {
                "a": agreement.title, "t": target.text, "p": progress.text},
            url=agreement.get_absolute_url(), dedupe_key=f"agreements-target-behind:{target.pk}:{today.year}")
    return sent


REMINDERS = [targets_behind]
