from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

_READERS = frozenset({"office", "leader"})
MENU = [
    MenuItem(_("文稿生成"), "documents:generate", "file-earmark-word", roles=_READERS, group=_("统计"),
             first=frozenset({"leader"}), order=30),
    MenuItem(_("重要成效"), "documents:result_list", "trophy", roles=frozenset({"office", "leader"}), group=_("统计")),
    MenuItem(_("文稿模板"), "documents:template_list", "file-earmark-text", roles=frozenset({"office"}),
             group=_("统计")),
]
