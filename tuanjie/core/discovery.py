"""Finding each app's contribution by convention: <app>/navigation.py, countables.py, api.py, demo.py,
reminders.py. One loop for all of them, so a new app only adds its module."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """(app config, module) for every tuanjie app, in INSTALLED_APPS order, that has a module `name`.
    An app without it is skipped; an import error inside an existing module is raised, not hidden."""
    for config in apps.get_app_configs():
        if not config.name.startswith("tuanjie."):
            continue
        dotted = f"{config.name}.{name}"
        try:
            module = import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
            continue
        yield config, module
