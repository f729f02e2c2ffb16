"""The second factor in tests: a known TOTP secret and the codes it gives, for the test client (whose force_login
stands for a finished sign-in, second factor included) and for the browser tests, which sign in through the pages."""

import time

from django_otp.oath import hotp

# Hex, as django-otp stores it; the demo's personas use their own published secret (tuanjie/demo/twofactor.py).
TEST_KEY = "3132333435363738393031323334353637383930"


def enrol(user, key: str = TEST_KEY):
    """A confirmed authenticator for `user` (made as the enrolment page leaves it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试验证器", key=key, confirmed=True)


def code_for(device) -> str:
    """The code an authenticator shows now. django-otp refuses a time step already used, so when this step was
    spent (two sign-ins within 30 s) the next step's code, which its tolerance of one step accepts."""
    device.refresh_from_db()
    step = max(int(time.time() - device.t0) // device.step, device.last_t + 1)
    return code_at(device.bin_key, step, device.digits)


def code_at(key: bytes, step: int, digits: int = 6) -> str:
    return f"{hotp(key, step, digits):0{digits}d}"
