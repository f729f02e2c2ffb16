from importlib import import_module

from django.apps import apps
from django.db import transaction

from tuanjie.core.context import acting_as
from tuanjie.demo.foundation import LOGINS, PROVINCE_CODE, World, build_foundation
from tuanjie.places.models import Place


def demo_exists() -> bool:
    return Place.objects.filter(code=PROVINCE_CODE).exists()


def build(seed: int = 2026, stdout=None) -> World | None:
    """Build the demo once; a second call finds it and does nothing (idempotent)."""
    if demo_exists():
        return None
    with acting_as(None, source="demo"), transaction.atomic():
        world = build_foundation(seed)
        for config in apps.get_app_configs():
            if not config.name.startswith("tuanjie.") or config.name == "tuanjie.demo":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            if stdout:
                stdout.write(f"  · {config.verbose_name}")
            module.build(world)
    return world


__all__ = ["build", "demo_exists", "LOGINS"]
