"""The demo's figures: other apps' demo builders may bulk-create records (bypassing the signals that keep the
facts in step), so the facts are rebuilt from the raw rows once everything is there. Analytics comes after the
record-keeping apps in INSTALLED_APPS, so this runs after them."""

from tuanjie.analytics import facts


def build(world) -> None:
    facts.rebuild()
