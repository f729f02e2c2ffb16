"""Collects every app's periodic reminders (REMINDERS in <app>/reminders.py) for `tuanjie remind`."""

from tuanjie.core.discovery import app_modules


def all_reminders():
    for config, module in app_modules("reminders"):
        for fn in getattr(module, "REMINDERS", []):
            yield config.verbose_name, fn
