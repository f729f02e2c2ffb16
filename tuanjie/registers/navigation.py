from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("教育基地"), "registers:base_list", "bank", roles=frozenset({"office"}), group=_("年度工作")),
    MenuItem(_("培育名单"), "registers:cultivation_list", "flower1", roles=frozenset({"office"}), group=_("年度工作")),
    MenuItem(_("联络员名册"), "registers:liaison_list", "person-lines-fill", roles=frozenset({"office"}),
             group=_("组织")),
    MenuItem(_("领导小组会议和决定"), "registers:decision_list", "journal-text", roles=frozenset({"office"}),
             group=_("组织")),
    MenuItem(_("简报"), "registers:briefing_list", "newspaper", roles=frozenset({"office"}), group=_("信息")),
]
