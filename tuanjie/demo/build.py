
from django.db import transaction

from tuanjie.core.context import acting_as
from tuanjie.core.discovery import app_modules
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
        for config, module in app_modules("demo"):
            if stdout:
                stdout.write(f"  · {config.verbose_name}")
            module.build(world)
    return world


__all__ = ["build", "demo_exists", "LOGINS"]
