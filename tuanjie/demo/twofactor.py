"""The demo's second factor. The personas whose roles must pass it (offices, inspectors, the admin) are enrolled
with one published secret, as the demo password is published: add it to any authenticator app (README), and the
browser tests compute the codes from it. A real deployment never runs `tuanjie demo`."""

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from tuanjie.people.twofactor import requires_second_factor

DEMO_TOTP_SECRET = "OR2WC3TKNFSS2ZDFNVXS2MTGMEWWWZLZ"   # base32 of b"tuanjie-demo-2fa-key", as apps take it
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()


def enrol_demo_people(people) -> None:
    for user in people:
        if requires_second_factor(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="演示验证器", key=DEMO_TOTP_KEY, confirmed=True)
