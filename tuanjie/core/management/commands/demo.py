from django.core.management.base import BaseCommand

from tuanjie.demo.build import build
from tuanjie.demo.foundation import DEMO_PASSWORD, LOGINS


class Command(BaseCommand):
    help = "载入演示数据：同心省和睦市团结县（及邻县友谊县）。重复运行不会重复创建。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        self.stdout.write("正在生成演示数据……")
        world = build(seed=seed, stdout=self.stdout)
        if world is None:
            self.stdout.write("演示数据已存在，未做改动。")
        else:
            self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
        self.stdout.write("\n演示账号（密码均为 %s）：" % DEMO_PASSWORD)
        for login, name, _title, _key, _role, desc in LOGINS:
            self.stdout.write(f"  {login:<10} {name:<6} {desc}")
        from django.conf import settings

        from tuanjie.demo.twofactor import DEMO_TOTP_SECRET

        if settings.TUANJIE_2FA_REQUIRED:
            self.stdout.write(f"\n创建办、督查和管理员账号须双因素认证：在手机验证器中添加密钥 {DEMO_TOTP_SECRET}"
                              "（基于时间），登录时输入其6位数字。")
