from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [MenuItem(_("领导小组"), "leadership:group_list", "diagram-2", roles=frozenset({"office", "leader"}),
                 group=_("组织"))]
