"""Collects every app's periodic reminders (REMINDERS in <app>/reminders.py) for `tuanjie remind`."""

from importlib import import_module

from django.apps import apps


def all_reminders():
    for config in apps.get_app_configs():
        if not config.name.startswith("tuanjie.") or config.name == "tuanjie.notifications":
            continue
        try:
            module = import_module(f"{config.name}.reminders")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.reminders":
                raise
            continue
        for fn in getattr(module, "REMINDERS", []):
            yield config.verbose_name, fn
