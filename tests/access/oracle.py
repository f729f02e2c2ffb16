"""The access oracle: who may do what, written from the domain (README's roles table and DOMAIN.md), not read
from the code. The battery compares every model's `AccessPolicy` and every page and API endpoint with it.

One row per model × role. Each action cell lists the place relations, seen from the person's own place, at which
the person may do the action on a record (for `add`: may add a record at that place):
    o = own place   c = a place below it   s = a sibling (the neighbour)   p = the place above
An empty cell means never. Admins may do everything and are not listed. A person sees their place and what lies
below it, never a neighbour's data (DOMAIN.md), so `s` appears nowhere.
"""

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)
RELATIONS = {"o": "own", "c": "child", "s": "sibling", "p": "parent"}

TABLE = [
    # model                         role            view   add    change delete
    # an office may not delete its own place, only places below it
    ("places.Place",                "office",       "oc",  "oc",  "oc",  "c"),
    ("places.Place",                "unit",         "oc",  "",    "",    ""),
    ("places.Place",                "cadre",        "oc",  "",    "",    ""),
    ("places.Place",                "group_leader", "oc",  "",    "",    ""),
    ("places.Place",                "inspector",    "oc",  "",    "",    ""),
    ("places.Place",                "leader",       "oc",  "",    "",    ""),

    # a job that creates an office's areas from the official division list: the office's own work
    ("places.DivisionSync",         "office",       "oc",  "oc",  "oc",  "oc"),
    ("places.DivisionSync",         "unit",         "",    "",    "",    ""),
    ("places.DivisionSync",         "cadre",        "",    "",    "",    ""),
    ("places.DivisionSync",         "group_leader", "",    "",    "",    ""),
    ("places.DivisionSync",         "inspector",    "",    "",    "",    ""),
    ("places.DivisionSync",         "leader",       "",    "",    "",    ""),

    ("people.User",                 "office",       "oc",  "oc",  "oc",  "oc"),
    ("people.User",                 "unit",         "oc",  "",    "",    ""),
    ("people.User",                 "cadre",        "oc",  "",    "",    ""),
    ("people.User",                 "group_leader", "oc",  "",    "",    ""),
    ("people.User",                 "inspector",    "oc",  "",    "",    ""),
    ("people.User",                 "leader",       "oc",  "",    "",    ""),

    ("people.RoleAssignment",       "office",       "oc",  "oc",  "oc",  "oc"),
    ("people.RoleAssignment",       "unit",         "oc",  "",    "",    ""),
    ("people.RoleAssignment",       "cadre",        "oc",  "",    "",    ""),
    ("people.RoleAssignment",       "group_leader", "oc",  "",    "",    ""),
    ("people.RoleAssignment",       "inspector",    "oc",  "",    "",    ""),
    ("people.RoleAssignment",       "leader",       "oc",  "",    "",    ""),

    # the audit log is the office's tool (README: offices read their subtree's log); nobody edits it
    ("core.ChangeLogEntry",         "office",       "oc",  "",    "",    ""),
    ("core.ChangeLogEntry",         "unit",         "",    "",    "",    ""),
    ("core.ChangeLogEntry",         "cadre",        "",    "",    "",    ""),
    ("core.ChangeLogEntry",         "group_leader", "",    "",    "",    ""),
    ("core.ChangeLogEntry",         "inspector",    "",    "",    "",    ""),
    ("core.ChangeLogEntry",         "leader",       "",    "",    "",    ""),

    # security events (sign-ins, refusals, exports, bulk reads): the office's audit tool for its subtree's people
    ("core.SecurityEvent",          "office",       "oc",  "",    "",    ""),
    ("core.SecurityEvent",          "unit",         "",    "",    "",    ""),
    ("core.SecurityEvent",          "cadre",        "",    "",    "",    ""),
    ("core.SecurityEvent",          "group_leader", "",    "",    "",    ""),
    ("core.SecurityEvent",          "inspector",    "",    "",    "",    ""),
    ("core.SecurityEvent",          "leader",       "",    "",    "",    ""),

    # the recycle bin: the office of the deleted record's place restores it (change = restore); nobody adds to it
    # by hand or deletes from it (entries go when their period ends, by `tuanjie purge`)
    ("core.DeletedRecord",          "office",       "oc",  "",    "oc",  ""),
    ("core.DeletedRecord",          "unit",         "",    "",    "",    ""),
    ("core.DeletedRecord",          "cadre",        "",    "",    "",    ""),
    ("core.DeletedRecord",          "group_leader", "",    "",    "",    ""),
    ("core.DeletedRecord",          "inspector",    "",    "",    "",    ""),
    ("core.DeletedRecord",          "leader",       "",    "",    "",    ""),

    # an area's office keeps its area's leading group and those below; a unit's staff register the unit's own
    # (issue 16: the progress report counts the units' groups)
    ("leadership.LeadingGroup",     "office",       "oc",  "oc",  "oc",  "oc"),
    ("leadership.LeadingGroup",     "unit",         "oc",  "oc",  "oc",  "oc"),
    ("leadership.LeadingGroup",     "cadre",        "oc",  "",    "",    ""),
    ("leadership.LeadingGroup",     "group_leader", "oc",  "",    "",    ""),
    ("leadership.LeadingGroup",     "inspector",    "oc",  "",    "",    ""),
    ("leadership.LeadingGroup",     "leader",       "oc",  "",    "",    ""),

    ("leadership.Member",           "office",       "oc",  "oc",  "oc",  "oc"),
    ("leadership.Member",           "unit",         "oc",  "oc",  "oc",  "oc"),
    ("leadership.Member",           "cadre",        "oc",  "",    "",    ""),
    ("leadership.Member",           "group_leader", "oc",  "",    "",    ""),
    ("leadership.Member",           "inspector",    "oc",  "",    "",    ""),
    ("leadership.Member",           "leader",       "oc",  "",    "",    ""),

    ("leadership.OfficeDuty",       "office",       "oc",  "oc",  "oc",  "oc"),
    ("leadership.OfficeDuty",       "unit",         "oc",  "oc",  "oc",  "oc"),
    ("leadership.OfficeDuty",       "cadre",        "oc",  "",    "",    ""),
    ("leadership.OfficeDuty",       "group_leader", "oc",  "",    "",    ""),
    ("leadership.OfficeDuty",       "inspector",    "oc",  "",    "",    ""),
    ("leadership.OfficeDuty",       "leader",       "oc",  "",    "",    ""),

    # an area's office writes its area's plans; a unit's staff write the unit's own annual, topic and multi-year
    # plans with their phases and tasks (issue 16)
    ("plans.Plan",                  "office",       "oc",  "oc",  "oc",  "oc"),
    ("plans.Plan",                  "unit",         "oc",  "oc",  "oc",  "oc"),
    ("plans.Plan",                  "cadre",        "oc",  "",    "",    ""),
    ("plans.Plan",                  "group_leader", "oc",  "",    "",    ""),
    ("plans.Plan",                  "inspector",    "oc",  "",    "",    ""),
    ("plans.Plan",                  "leader",       "oc",  "",    "",    ""),

    ("plans.PlanPhase",             "office",       "oc",  "oc",  "oc",  "oc"),
    ("plans.PlanPhase",             "unit",         "oc",  "oc",  "oc",  "oc"),
    ("plans.PlanPhase",             "cadre",        "oc",  "",    "",    ""),
    ("plans.PlanPhase",             "group_leader", "oc",  "",    "",    ""),
    ("plans.PlanPhase",             "inspector",    "oc",  "",    "",    ""),
    ("plans.PlanPhase",             "leader",       "oc",  "",    "",    ""),

    ("plans.PlanTask",              "office",       "oc",  "oc",  "oc",  "oc"),
    ("plans.PlanTask",              "unit",         "oc",  "oc",  "oc",  "oc"),
    ("plans.PlanTask",              "cadre",        "oc",  "",    "",    ""),
    ("plans.PlanTask",              "group_leader", "oc",  "",    "",    ""),
    ("plans.PlanTask",              "inspector",    "oc",  "",    "",    ""),
    ("plans.PlanTask",              "leader",       "oc",  "",    "",    ""),

    ("plans.ScheduledActivity",     "office",       "oc",  "oc",  "oc",  "oc"),
    ("plans.ScheduledActivity",     "unit",         "oc",  "",    "",    ""),
    ("plans.ScheduledActivity",     "cadre",        "oc",  "",    "",    ""),
    ("plans.ScheduledActivity",     "group_leader", "oc",  "",    "",    ""),
    ("plans.ScheduledActivity",     "inspector",    "oc",  "",    "",    ""),
    ("plans.ScheduledActivity",     "leader",       "oc",  "",    "",    ""),

    ("plans.TaskProgress",          "office",       "oc",  "oc",  "oc",  "oc"),
    ("plans.TaskProgress",          "unit",         "oc",  "oc",  "oc",  ""),
    ("plans.TaskProgress",          "cadre",        "oc",  "",    "",    ""),
    ("plans.TaskProgress",          "group_leader", "oc",  "",    "",    ""),
    ("plans.TaskProgress",          "inspector",    "oc",  "",    "",    ""),
    ("plans.TaskProgress",          "leader",       "oc",  "",    "",    ""),

    # the kinds and countables an office adds for its subtree: configuration every role below reads (forms,
    # filters, dashboards offer them), only an office sets
    ("activities.KindDefinition",   "office",       "oc",  "oc",  "oc",  "oc"),
    ("activities.KindDefinition",   "unit",         "oc",  "",    "",    ""),
    ("activities.KindDefinition",   "cadre",        "oc",  "",    "",    ""),
    ("activities.KindDefinition",   "group_leader", "oc",  "",    "",    ""),
    ("activities.KindDefinition",   "inspector",    "oc",  "",    "",    ""),
    ("activities.KindDefinition",   "leader",       "oc",  "",    "",    ""),

    ("analytics.CountableDefinition", "office",     "oc",  "oc",  "oc",  "oc"),
    ("analytics.CountableDefinition", "unit",       "oc",  "",    "",    ""),
    ("analytics.CountableDefinition", "cadre",      "oc",  "",    "",    ""),
    ("analytics.CountableDefinition", "group_leader", "oc", "",   "",    ""),
    ("analytics.CountableDefinition", "inspector",  "oc",  "",    "",    ""),
    ("analytics.CountableDefinition", "leader",     "oc",  "",    "",    ""),

    ("quotas.QuotaRule",            "office",       "oc",  "oc",  "oc",  "oc"),
    ("quotas.QuotaRule",            "unit",         "oc",  "",    "",    ""),
    ("quotas.QuotaRule",            "cadre",        "oc",  "",    "",    ""),
    ("quotas.QuotaRule",            "group_leader", "oc",  "",    "",    ""),
    ("quotas.QuotaRule",            "inspector",    "oc",  "",    "",    ""),
    ("quotas.QuotaRule",            "leader",       "oc",  "",    "",    ""),

    ("activities.Activity",         "office",       "oc",  "oc",  "oc",  "oc"),
    ("activities.Activity",         "unit",         "oc",  "oc",  "oc",  "oc"),
    ("activities.Activity",         "cadre",        "oc",  "",    "",    ""),
    ("activities.Activity",         "group_leader", "oc",  "",    "",    ""),
    ("activities.Activity",         "inspector",    "oc",  "",    "",    ""),
    ("activities.Activity",         "leader",       "oc",  "",    "",    ""),

    ("funds.Allocation",            "office",       "oc",  "oc",  "oc",  "oc"),
    ("funds.Allocation",            "unit",         "oc",  "oc",  "oc",  "oc"),
    ("funds.Allocation",            "cadre",        "oc",  "",    "",    ""),
    ("funds.Allocation",            "group_leader", "oc",  "",    "",    ""),
    ("funds.Allocation",            "inspector",    "oc",  "",    "",    ""),
    ("funds.Allocation",            "leader",       "oc",  "",    "",    ""),

    ("funds.FundNeed",              "office",       "oc",  "oc",  "oc",  "oc"),
    ("funds.FundNeed",              "unit",         "oc",  "oc",  "oc",  "oc"),
    ("funds.FundNeed",              "cadre",        "oc",  "",    "",    ""),
    ("funds.FundNeed",              "group_leader", "oc",  "",    "",    ""),
    ("funds.FundNeed",              "inspector",    "oc",  "",    "",    ""),
    ("funds.FundNeed",              "leader",       "oc",  "",    "",    ""),

    ("funds.Expenditure",           "office",       "oc",  "oc",  "oc",  "oc"),
    ("funds.Expenditure",           "unit",         "oc",  "oc",  "oc",  "oc"),
    ("funds.Expenditure",           "cadre",        "oc",  "",    "",    ""),
    ("funds.Expenditure",           "group_leader", "oc",  "",    "",    ""),
    ("funds.Expenditure",           "inspector",    "oc",  "",    "",    ""),
    ("funds.Expenditure",           "leader",       "oc",  "",    "",    ""),

    ("information.InformationItem", "office",       "oc",  "oc",  "oc",  "oc"),
    ("information.InformationItem", "unit",         "oc",  "oc",  "oc",  "oc"),
    ("information.InformationItem", "cadre",        "oc",  "",    "",    ""),
    ("information.InformationItem", "group_leader", "oc",  "",    "",    ""),
    ("information.InformationItem", "inspector",    "oc",  "",    "",    ""),
    ("information.InformationItem", "leader",       "oc",  "",    "",    ""),

    ("information.Publication",     "office",       "oc",  "oc",  "oc",  "oc"),
    ("information.Publication",     "unit",         "oc",  "",    "",    ""),
    ("information.Publication",     "cadre",        "oc",  "",    "",    ""),
    ("information.Publication",     "group_leader", "oc",  "",    "",    ""),
    ("information.Publication",     "inspector",    "oc",  "",    "",    ""),
    ("information.Publication",     "leader",       "oc",  "",    "",    ""),

    ("information.InformationEvent","office",       "oc",  "",    "",    ""),
    ("information.InformationEvent","unit",         "oc",  "",    "",    ""),
    ("information.InformationEvent","cadre",        "oc",  "",    "",    ""),
    ("information.InformationEvent","group_leader", "oc",  "",    "",    ""),
    ("information.InformationEvent","inspector",    "oc",  "",    "",    ""),
    ("information.InformationEvent","leader",       "oc",  "",    "",    ""),

    ("pairing.Programme",           "office",       "oc",  "oc",  "oc",  "oc"),
    ("pairing.Programme",           "unit",         "oc",  "oc",  "oc",  ""),
    ("pairing.Programme",           "cadre",        "oc",  "",    "",    ""),
    ("pairing.Programme",           "group_leader", "oc",  "",    "",    ""),
    ("pairing.Programme",           "inspector",    "oc",  "",    "",    ""),
    ("pairing.Programme",           "leader",       "oc",  "",    "",    ""),

    ("pairing.PairingGroup",        "office",       "oc",  "oc",  "oc",  "oc"),
    ("pairing.PairingGroup",        "unit",         "oc",  "oc",  "oc",  "oc"),
    ("pairing.PairingGroup",        "cadre",        "oc",  "",    "",    ""),
    ("pairing.PairingGroup",        "group_leader", "oc",  "",    "",    ""),
    ("pairing.PairingGroup",        "inspector",    "oc",  "",    "",    ""),
    ("pairing.PairingGroup",        "leader",       "oc",  "",    "",    ""),

    # household records: only the programme's own office/unit staff, the paired cadre and the group
    # leader see them, never the levels above (DOMAIN.md); adding is allowed at the place, narrowed by the services
    ("pairing.Household",           "office",       "o",   "oc",  "o",   "o"),
    ("pairing.Household",           "unit",         "o",   "oc",  "o",   "o"),
    ("pairing.Household",           "cadre",        "o",   "",    "o",   ""),
    ("pairing.Household",           "group_leader", "o",   "oc",  "o",   "o"),
    ("pairing.Household",           "inspector",    "",    "",    "",    ""),
    ("pairing.Household",           "leader",       "",    "",    "",    ""),

    ("pairing.Pair",                "office",       "o",   "oc",  "o",   "o"),
    ("pairing.Pair",                "unit",         "o",   "oc",  "o",   "o"),
    ("pairing.Pair",                "cadre",        "o",   "",    "o",   ""),
    ("pairing.Pair",                "group_leader", "o",   "oc",  "o",   "o"),
    ("pairing.Pair",                "inspector",    "",    "",    "",    ""),
    ("pairing.Pair",                "leader",       "",    "",    "",    ""),

    ("pairing.Contact",             "office",       "o",   "oc",  "o",   "o"),
    ("pairing.Contact",             "unit",         "o",   "oc",  "o",   "o"),
    ("pairing.Contact",             "cadre",        "o",   "oc",  "o",   ""),
    ("pairing.Contact",             "group_leader", "o",   "oc",  "o",   "o"),
    ("pairing.Contact",             "inspector",    "",    "",    "",    ""),
    ("pairing.Contact",             "leader",       "",    "",    "",    ""),

    ("pairing.Need",                "office",       "o",   "oc",  "o",   "o"),
    ("pairing.Need",                "unit",         "o",   "oc",  "o",   "o"),
    ("pairing.Need",                "cadre",        "o",   "oc",  "o",   ""),
    ("pairing.Need",                "group_leader", "o",   "oc",  "o",   "o"),
    ("pairing.Need",                "inspector",    "",    "",    "",    ""),
    ("pairing.Need",                "leader",       "",    "",    "",    ""),

    ("pairing.NeedStep",            "office",       "o",   "",    "",    ""),
    ("pairing.NeedStep",            "unit",         "o",   "",    "",    ""),
    ("pairing.NeedStep",            "cadre",        "o",   "",    "",    ""),
    ("pairing.NeedStep",            "group_leader", "o",   "",    "",    ""),
    ("pairing.NeedStep",            "inspector",    "",    "",    "",    ""),
    ("pairing.NeedStep",            "leader",       "",    "",    "",    ""),

    # who read a household record: for the office only
    ("pairing.HouseholdReadLog",    "office",       "oc",  "",    "",    ""),
    ("pairing.HouseholdReadLog",    "unit",         "",    "",    "",    ""),
    ("pairing.HouseholdReadLog",    "cadre",        "",    "",    "",    ""),
    ("pairing.HouseholdReadLog",    "group_leader", "",    "",    "",    ""),
    ("pairing.HouseholdReadLog",    "inspector",    "",    "",    "",    ""),
    ("pairing.HouseholdReadLog",    "leader",       "",    "",    "",    ""),

    ("pairing.GroupSummary",        "office",       "oc",  "oc",  "oc",  "oc"),
    ("pairing.GroupSummary",        "unit",         "oc",  "oc",  "oc",  "oc"),
    ("pairing.GroupSummary",        "cadre",        "oc",  "",    "",    ""),
    ("pairing.GroupSummary",        "group_leader", "oc",  "oc",  "oc",  ""),
    ("pairing.GroupSummary",        "inspector",    "oc",  "",    "",    ""),
    ("pairing.GroupSummary",        "leader",       "oc",  "",    "",    ""),

    ("pairing.Festival",            "office",       "oc",  "oc",  "oc",  "oc"),
    ("pairing.Festival",            "unit",         "oc",  "",    "",    ""),
    ("pairing.Festival",            "cadre",        "oc",  "",    "",    ""),
    ("pairing.Festival",            "group_leader", "oc",  "",    "",    ""),
    ("pairing.Festival",            "inspector",    "oc",  "",    "",    ""),
    ("pairing.Festival",            "leader",       "oc",  "",    "",    ""),

    ("inspections.Round",           "office",       "oc",  "oc",  "oc",  "oc"),
    ("inspections.Round",           "unit",         "oc",  "",    "",    ""),
    ("inspections.Round",           "cadre",        "oc",  "",    "",    ""),
    ("inspections.Round",           "group_leader", "oc",  "",    "",    ""),
    ("inspections.Round",           "inspector",    "oc",  "",    "",    ""),
    ("inspections.Round",           "leader",       "oc",  "",    "",    ""),

    ("inspections.TeamMember",      "office",       "oc",  "oc",  "oc",  "oc"),
    ("inspections.TeamMember",      "unit",         "oc",  "",    "",    ""),
    ("inspections.TeamMember",      "cadre",        "oc",  "",    "",    ""),
    ("inspections.TeamMember",      "group_leader", "oc",  "",    "",    ""),
    ("inspections.TeamMember",      "inspector",    "oc",  "",    "",    ""),
    ("inspections.TeamMember",      "leader",       "oc",  "",    "",    ""),

    ("inspections.Finding",         "office",       "oc",  "oc",  "oc",  "oc"),
    ("inspections.Finding",         "unit",         "oc",  "",    "",    ""),
    ("inspections.Finding",         "cadre",        "oc",  "",    "",    ""),
    ("inspections.Finding",         "group_leader", "oc",  "",    "",    ""),
    ("inspections.Finding",         "inspector",    "oc",  "oc",  "oc",  ""),
    ("inspections.Finding",         "leader",       "oc",  "",    "",    ""),

    ("inspections.Rectification",   "office",       "oc",  "oc",  "oc",  "oc"),
    ("inspections.Rectification",   "unit",         "oc",  "",    "",    ""),
    ("inspections.Rectification",   "cadre",        "oc",  "",    "",    ""),
    ("inspections.Rectification",   "group_leader", "oc",  "",    "",    ""),
    ("inspections.Rectification",   "inspector",    "oc",  "oc",  "oc",  ""),
    ("inspections.Rectification",   "leader",       "oc",  "",    "",    ""),

    ("inspections.RectificationStep","office",       "oc",  "",    "",    ""),
    ("inspections.RectificationStep","unit",         "oc",  "",    "",    ""),
    ("inspections.RectificationStep","cadre",        "oc",  "",    "",    ""),
    ("inspections.RectificationStep","group_leader", "oc",  "",    "",    ""),
    ("inspections.RectificationStep","inspector",    "oc",  "",    "",    ""),
    ("inspections.RectificationStep","leader",       "oc",  "",    "",    ""),

    ("inspections.Talk",            "office",       "oc",  "oc",  "oc",  "oc"),
    ("inspections.Talk",            "unit",         "oc",  "",    "",    ""),
    ("inspections.Talk",            "cadre",        "oc",  "",    "",    ""),
    ("inspections.Talk",            "group_leader", "oc",  "",    "",    ""),
    ("inspections.Talk",            "inspector",    "oc",  "oc",  "oc",  ""),
    ("inspections.Talk",            "leader",       "oc",  "",    "",    ""),

    ("assessments.IndicatorSystem", "office",       "oc",  "oc",  "oc",  "oc"),
    ("assessments.IndicatorSystem", "unit",         "oc",  "",    "",    ""),
    ("assessments.IndicatorSystem", "cadre",        "oc",  "",    "",    ""),
    ("assessments.IndicatorSystem", "group_leader", "oc",  "",    "",    ""),
    ("assessments.IndicatorSystem", "inspector",    "oc",  "",    "",    ""),
    ("assessments.IndicatorSystem", "leader",       "oc",  "",    "",    ""),

    # an office adopts an upper office's system version for its subtree (issue 16): the office's own decision
    ("assessments.Adoption",        "office",       "oc",  "oc",  "oc",  "oc"),
    ("assessments.Adoption",        "unit",         "oc",  "",    "",    ""),
    ("assessments.Adoption",        "cadre",        "oc",  "",    "",    ""),
    ("assessments.Adoption",        "group_leader", "oc",  "",    "",    ""),
    ("assessments.Adoption",        "inspector",    "oc",  "",    "",    ""),
    ("assessments.Adoption",        "leader",       "oc",  "",    "",    ""),

    ("assessments.Indicator",       "office",       "oc",  "oc",  "oc",  "oc"),
    ("assessments.Indicator",       "unit",         "oc",  "",    "",    ""),
    ("assessments.Indicator",       "cadre",        "oc",  "",    "",    ""),
    ("assessments.Indicator",       "group_leader", "oc",  "",    "",    ""),
    ("assessments.Indicator",       "inspector",    "oc",  "",    "",    ""),
    ("assessments.Indicator",       "leader",       "oc",  "",    "",    ""),

    ("assessments.Campaign",        "office",       "oc",  "oc",  "oc",  "oc"),
    ("assessments.Campaign",        "unit",         "oc",  "",    "",    ""),
    ("assessments.Campaign",        "cadre",        "oc",  "",    "",    ""),
    ("assessments.Campaign",        "group_leader", "oc",  "",    "",    ""),
    ("assessments.Campaign",        "inspector",    "oc",  "",    "",    ""),
    ("assessments.Campaign",        "leader",       "oc",  "",    "",    ""),

    ("assessments.Entry",           "office",       "oc",  "oc",  "oc",  "oc"),
    ("assessments.Entry",           "unit",         "oc",  "",    "",    ""),
    ("assessments.Entry",           "cadre",        "oc",  "",    "",    ""),
    ("assessments.Entry",           "group_leader", "oc",  "",    "",    ""),
    ("assessments.Entry",           "inspector",    "oc",  "",    "",    ""),
    ("assessments.Entry",           "leader",       "oc",  "",    "",    ""),

    ("assessments.Line",            "office",       "oc",  "oc",  "oc",  "oc"),
    ("assessments.Line",            "unit",         "oc",  "",    "",    ""),
    ("assessments.Line",            "cadre",        "oc",  "",    "",    ""),
    ("assessments.Line",            "group_leader", "oc",  "",    "",    ""),
    ("assessments.Line",            "inspector",    "oc",  "",    "",    ""),
    ("assessments.Line",            "leader",       "oc",  "",    "",    ""),

    ("assessments.ReviewScore",     "office",       "oc",  "oc",  "oc",  "oc"),
    ("assessments.ReviewScore",     "unit",         "oc",  "",    "",    ""),
    ("assessments.ReviewScore",     "cadre",        "oc",  "",    "",    ""),
    ("assessments.ReviewScore",     "group_leader", "oc",  "",    "",    ""),
    ("assessments.ReviewScore",     "inspector",    "oc",  "oc",  "oc",  ""),
    ("assessments.ReviewScore",     "leader",       "oc",  "",    "",    ""),

    # units apply; offices act through the review steps; an application is never deleted
    # an area's own office applies for the area (示范村、示范乡镇、示范县); the service narrows it to its own area
    ("titles.TitleApplication",     "office",       "oc",  "oc",  "oc",  ""),
    ("titles.TitleApplication",     "unit",         "oc",  "oc",  "oc",  ""),
    ("titles.TitleApplication",     "cadre",        "oc",  "",    "",    ""),
    ("titles.TitleApplication",     "group_leader", "oc",  "",    "",    ""),
    ("titles.TitleApplication",     "inspector",    "oc",  "",    "",    ""),
    ("titles.TitleApplication",     "leader",       "oc",  "",    "",    ""),

    ("titles.ApplicationEvent",     "office",       "oc",  "",    "",    ""),
    ("titles.ApplicationEvent",     "unit",         "oc",  "",    "",    ""),
    ("titles.ApplicationEvent",     "cadre",        "oc",  "",    "",    ""),
    ("titles.ApplicationEvent",     "group_leader", "oc",  "",    "",    ""),
    ("titles.ApplicationEvent",     "inspector",    "oc",  "",    "",    ""),
    ("titles.ApplicationEvent",     "leader",       "oc",  "",    "",    ""),

    ("titles.DemonstrationTitle",   "office",       "oc",  "",    "",    ""),
    ("titles.DemonstrationTitle",   "unit",         "oc",  "",    "",    ""),
    ("titles.DemonstrationTitle",   "cadre",        "oc",  "",    "",    ""),
    ("titles.DemonstrationTitle",   "group_leader", "oc",  "",    "",    ""),
    ("titles.DemonstrationTitle",   "inspector",    "oc",  "",    "",    ""),
    ("titles.DemonstrationTitle",   "leader",       "oc",  "",    "",    ""),

    ("titles.ReInspection",         "office",       "oc",  "",    "",    ""),
    ("titles.ReInspection",         "unit",         "oc",  "",    "",    ""),
    ("titles.ReInspection",         "cadre",        "oc",  "",    "",    ""),
    ("titles.ReInspection",         "group_leader", "oc",  "",    "",    ""),
    ("titles.ReInspection",         "inspector",    "oc",  "",    "",    ""),
    ("titles.ReInspection",         "leader",       "oc",  "",    "",    ""),

    # an upper office sets the quotas of the levels below it, never its own
    ("titles.TitleQuota",           "office",       "oc",  "c",   "c",   "c"),
    ("titles.TitleQuota",           "unit",         "oc",  "",    "",    ""),
    ("titles.TitleQuota",           "cadre",        "oc",  "",    "",    ""),
    ("titles.TitleQuota",           "group_leader", "oc",  "",    "",    ""),
    ("titles.TitleQuota",           "inspector",    "oc",  "",    "",    ""),
    ("titles.TitleQuota",           "leader",       "oc",  "",    "",    ""),

    # a call for applications (申报通知) is an announcement to the places below, as a campaign is: everyone reads
    # the calls of the offices above; the office issues and changes its own and those below; none is deleted
    ("titles.TitleCall",            "office",       "ocp", "oc",  "oc",  ""),
    ("titles.TitleCall",            "unit",         "ocp", "",    "",    ""),
    ("titles.TitleCall",            "cadre",        "ocp", "",    "",    ""),
    ("titles.TitleCall",            "group_leader", "ocp", "",    "",    ""),
    ("titles.TitleCall",            "inspector",    "ocp", "",    "",    ""),
    ("titles.TitleCall",            "leader",       "ocp", "",    "",    ""),

    # a call's windows are written with the call (and reopened by its office through the service)
    ("titles.CallWindow",           "office",       "oc",  "",    "",    ""),
    ("titles.CallWindow",           "unit",         "oc",  "",    "",    ""),
    ("titles.CallWindow",           "cadre",        "oc",  "",    "",    ""),
    ("titles.CallWindow",           "group_leader", "oc",  "",    "",    ""),
    ("titles.CallWindow",           "inspector",    "oc",  "",    "",    ""),
    ("titles.CallWindow",           "leader",       "oc",  "",    "",    ""),

    # everyone also reads the campaigns of the places above (they nominate into them)
    ("commendations.Campaign",      "office",       "ocp", "oc",  "oc",  "oc"),
    ("commendations.Campaign",      "unit",         "ocp", "",    "",    ""),
    ("commendations.Campaign",      "cadre",        "ocp", "",    "",    ""),
    ("commendations.Campaign",      "group_leader", "ocp", "",    "",    ""),
    ("commendations.Campaign",      "inspector",    "ocp", "",    "",    ""),
    ("commendations.Campaign",      "leader",       "ocp", "",    "",    ""),

    ("commendations.Nomination",    "office",       "oc",  "",    "",    ""),
    ("commendations.Nomination",    "unit",         "oc",  "oc",  "oc",  ""),
    ("commendations.Nomination",    "cadre",        "oc",  "",    "",    ""),
    ("commendations.Nomination",    "group_leader", "oc",  "",    "",    ""),
    ("commendations.Nomination",    "inspector",    "oc",  "",    "",    ""),
    ("commendations.Nomination",    "leader",       "oc",  "",    "",    ""),

    # a lower office's quota of upward recommendations in a campaign: set from above, as title quotas are
    ("commendations.RecommendationQuota", "office",       "oc",  "c",   "c",   "c"),
    ("commendations.RecommendationQuota", "unit",         "oc",  "",    "",    ""),
    ("commendations.RecommendationQuota", "cadre",        "oc",  "",    "",    ""),
    ("commendations.RecommendationQuota", "group_leader", "oc",  "",    "",    ""),
    ("commendations.RecommendationQuota", "inspector",    "oc",  "",    "",    ""),
    ("commendations.RecommendationQuota", "leader",       "oc",  "",    "",    ""),

    # documents are for the offices and the leaders who read the reports
    ("documents.DocumentTemplate",  "office",       "oc",  "oc",  "oc",  "oc"),
    ("documents.DocumentTemplate",  "unit",         "",    "",    "",    ""),
    ("documents.DocumentTemplate",  "cadre",        "",    "",    "",    ""),
    ("documents.DocumentTemplate",  "group_leader", "",    "",    "",    ""),
    ("documents.DocumentTemplate",  "inspector",    "",    "",    "",    ""),
    ("documents.DocumentTemplate",  "leader",       "oc",  "",    "",    ""),

    ("documents.GeneratedDocument", "office",       "oc",  "oc",  "oc",  "oc"),
    ("documents.GeneratedDocument", "unit",         "",    "",    "",    ""),
    ("documents.GeneratedDocument", "cadre",        "",    "",    "",    ""),
    ("documents.GeneratedDocument", "group_leader", "",    "",    "",    ""),
    ("documents.GeneratedDocument", "inspector",    "",    "",    "",    ""),
    ("documents.GeneratedDocument", "leader",       "oc",  "oc",  "",    ""),

    # key results are an office's own record of what its place achieved; leaders read them in the reports
    ("documents.KeyResult",         "office",       "oc",  "oc",  "oc",  "oc"),
    ("documents.KeyResult",         "unit",         "",    "",    "",    ""),
    ("documents.KeyResult",         "cadre",        "",    "",    "",    ""),
    ("documents.KeyResult",         "group_leader", "",    "",    "",    ""),
    ("documents.KeyResult",         "inspector",    "",    "",    "",    ""),
    ("documents.KeyResult",         "leader",       "oc",  "",    "",    ""),

    # target responsibility agreements: an office writes those of the places below it (its own comes from above);
    # the party signs through the workflow step, not by editing
    ("agreements.Agreement",         "office",       "oc",  "c",   "c",   "c"),
    ("agreements.Agreement",         "unit",         "oc",  "",    "",    ""),
    ("agreements.Agreement",         "cadre",        "oc",  "",    "",    ""),
    ("agreements.Agreement",         "group_leader", "oc",  "",    "",    ""),
    ("agreements.Agreement",         "inspector",    "oc",  "",    "",    ""),
    ("agreements.Agreement",         "leader",       "oc",  "",    "",    ""),

    # ... and their targets, as the agreement
    ("agreements.AgreementTarget",   "office",       "oc",  "c",   "c",   "c"),
    ("agreements.AgreementTarget",   "unit",         "oc",  "",    "",    ""),
    ("agreements.AgreementTarget",   "cadre",        "oc",  "",    "",    ""),
    ("agreements.AgreementTarget",   "group_leader", "oc",  "",    "",    ""),
    ("agreements.AgreementTarget",   "inspector",    "oc",  "",    "",    ""),
    ("agreements.AgreementTarget",   "leader",       "oc",  "",    "",    ""),

    # the five inclusions: the office of the place records its own evidence, an office above may too
    ("agreements.InclusionChecklist", "office",       "oc",  "oc",  "oc",  "oc"),
    ("agreements.InclusionChecklist", "unit",         "oc",  "",    "",    ""),
    ("agreements.InclusionChecklist", "cadre",        "oc",  "",    "",    ""),
    ("agreements.InclusionChecklist", "group_leader", "oc",  "",    "",    ""),
    ("agreements.InclusionChecklist", "inspector",    "oc",  "",    "",    ""),
    ("agreements.InclusionChecklist", "leader",       "oc",  "",    "",    ""),

    ("agreements.InclusionItem",     "office",       "oc",  "oc",  "oc",  "oc"),
    ("agreements.InclusionItem",     "unit",         "oc",  "",    "",    ""),
    ("agreements.InclusionItem",     "cadre",        "oc",  "",    "",    ""),
    ("agreements.InclusionItem",     "group_leader", "oc",  "",    "",    ""),
    ("agreements.InclusionItem",     "inspector",    "oc",  "",    "",    ""),
    ("agreements.InclusionItem",     "leader",       "oc",  "",    "",    ""),

    # registers are kept by the offices; everyone in reach reads them
    # ... and an education base is a public place: everyone also reads the bases of the places above them
    ("registers.EducationBase",      "office",       "ocp", "oc",  "oc",  "oc"),
    ("registers.EducationBase",      "unit",         "ocp", "",    "",    ""),
    ("registers.EducationBase",      "cadre",        "ocp", "",    "",    ""),
    ("registers.EducationBase",      "group_leader", "ocp", "",    "",    ""),
    ("registers.EducationBase",      "inspector",    "ocp", "",    "",    ""),
    ("registers.EducationBase",      "leader",       "ocp", "",    "",    ""),

    ("registers.CultivationEntry",   "office",       "oc",  "oc",  "oc",  "oc"),
    ("registers.CultivationEntry",   "unit",         "oc",  "",    "",    ""),
    ("registers.CultivationEntry",   "cadre",        "oc",  "",    "",    ""),
    ("registers.CultivationEntry",   "group_leader", "oc",  "",    "",    ""),
    ("registers.CultivationEntry",   "inspector",    "oc",  "",    "",    ""),
    ("registers.CultivationEntry",   "leader",       "oc",  "",    "",    ""),

    ("registers.Briefing",           "office",       "oc",  "oc",  "oc",  "oc"),
    ("registers.Briefing",           "unit",         "oc",  "",    "",    ""),
    ("registers.Briefing",           "cadre",        "oc",  "",    "",    ""),
    ("registers.Briefing",           "group_leader", "oc",  "",    "",    ""),
    ("registers.Briefing",           "inspector",    "oc",  "",    "",    ""),
    ("registers.Briefing",           "leader",       "oc",  "",    "",    ""),

    # a leading group's decisions, as the group
    ("registers.GroupDecision",      "office",       "oc",  "oc",  "oc",  "oc"),
    ("registers.GroupDecision",      "unit",         "oc",  "",    "",    ""),
    ("registers.GroupDecision",      "cadre",        "oc",  "",    "",    ""),
    ("registers.GroupDecision",      "group_leader", "oc",  "",    "",    ""),
    ("registers.GroupDecision",      "inspector",    "oc",  "",    "",    ""),
    ("registers.GroupDecision",      "leader",       "oc",  "",    "",    ""),

    # a unit keeps its own liaison (one of its staff); its office above may too
    ("registers.Liaison",            "office",       "oc",  "oc",  "oc",  "oc"),
    ("registers.Liaison",            "unit",         "oc",  "oc",  "oc",  "oc"),
    ("registers.Liaison",            "cadre",        "oc",  "",    "",    ""),
    ("registers.Liaison",            "group_leader", "oc",  "",    "",    ""),
    ("registers.Liaison",            "inspector",    "oc",  "",    "",    ""),
    ("registers.Liaison",            "leader",       "oc",  "",    "",    ""),

    ("attachments.Attachment",      "office",       "oc",  "oc",  "oc",  "oc"),
    ("attachments.Attachment",      "unit",         "oc",  "oc",  "oc",  "oc"),
    ("attachments.Attachment",      "cadre",        "oc",  "oc",  "oc",  ""),
    ("attachments.Attachment",      "group_leader", "oc",  "oc",  "oc",  ""),
    ("attachments.Attachment",      "inspector",    "oc",  "oc",  "oc",  ""),
    ("attachments.Attachment",      "leader",       "oc",  "",    "",    ""),

    # question banks and questions are the offices' (an area's bank serves the places below); everyone reads them
    # banks are inherited downward: everyone also reads the banks of the places above them
    ("quizzes.QuestionBank",        "office",       "ocp", "oc",  "oc",  "oc"),
    ("quizzes.QuestionBank",        "unit",         "ocp", "",    "",    ""),
    ("quizzes.QuestionBank",        "cadre",        "ocp", "",    "",    ""),
    ("quizzes.QuestionBank",        "group_leader", "ocp", "",    "",    ""),
    ("quizzes.QuestionBank",        "inspector",    "ocp", "",    "",    ""),
    ("quizzes.QuestionBank",        "leader",       "ocp", "",    "",    ""),
    ("quizzes.Question",            "office",       "oc",  "oc",  "oc",  "oc"),
    ("quizzes.Question",            "unit",         "oc",  "",    "",    ""),
    ("quizzes.Question",            "cadre",        "oc",  "",    "",    ""),
    ("quizzes.Question",            "group_leader", "oc",  "",    "",    ""),
    ("quizzes.Question",            "inspector",    "oc",  "",    "",    ""),
    ("quizzes.Question",            "leader",       "oc",  "",    "",    ""),

    # a quiz, a survey and where they are asked: offices publish them; a unit publishes its own staff tests
    ("quizzes.Quiz",                "office",       "oc",  "oc",  "oc",  "oc"),
    ("quizzes.Quiz",                "unit",         "oc",  "oc",  "oc",  "oc"),
    ("quizzes.Quiz",                "cadre",        "oc",  "",    "",    ""),
    ("quizzes.Quiz",                "group_leader", "oc",  "",    "",    ""),
    ("quizzes.Quiz",                "inspector",    "oc",  "",    "",    ""),
    ("quizzes.Quiz",                "leader",       "oc",  "",    "",    ""),
    ("quizzes.SurveyItem",          "office",       "oc",  "oc",  "oc",  "oc"),
    ("quizzes.SurveyItem",          "unit",         "oc",  "oc",  "oc",  "oc"),
    ("quizzes.SurveyItem",          "cadre",        "oc",  "",    "",    ""),
    ("quizzes.SurveyItem",          "group_leader", "oc",  "",    "",    ""),
    ("quizzes.SurveyItem",          "inspector",    "oc",  "",    "",    ""),
    ("quizzes.SurveyItem",          "leader",       "oc",  "",    "",    ""),
    ("quizzes.Sample",              "office",       "oc",  "oc",  "oc",  "oc"),
    ("quizzes.Sample",              "unit",         "oc",  "oc",  "oc",  "oc"),
    ("quizzes.Sample",              "cadre",        "oc",  "",    "",    ""),
    ("quizzes.Sample",              "group_leader", "oc",  "",    "",    ""),
    ("quizzes.Sample",              "inspector",    "oc",  "",    "",    ""),
    ("quizzes.Sample",              "leader",       "oc",  "",    "",    ""),

    # an answer sheet: the unit sees its staff's; upper levels see rates only, never a sheet (issue 18); nobody
    # writes one but the answering services (a person's own sheet is read through its own page, not the policy)
    ("quizzes.Attempt",             "office",       "",    "",    "",    ""),
    ("quizzes.Attempt",             "unit",         "oc",  "",    "",    ""),
    ("quizzes.Attempt",             "cadre",        "",    "",    "",    ""),
    ("quizzes.Attempt",             "group_leader", "",    "",    "",    ""),
    ("quizzes.Attempt",             "inspector",    "",    "",    "",    ""),
    ("quizzes.Attempt",             "leader",       "",    "",    "",    ""),

    # the year archive is the office's work (issue 17): it files paper documents, builds packages and closes its
    # year; leaders read them. Nobody deletes a closure: a closed year is reopened (by the office above), not erased
    ("archives.PaperDocument",      "office",       "oc",  "oc",  "oc",  "oc"),
    ("archives.PaperDocument",      "unit",         "",    "",    "",    ""),
    ("archives.PaperDocument",      "cadre",        "",    "",    "",    ""),
    ("archives.PaperDocument",      "group_leader", "",    "",    "",    ""),
    ("archives.PaperDocument",      "inspector",    "",    "",    "",    ""),
    ("archives.PaperDocument",      "leader",       "oc",  "",    "",    ""),
    ("archives.YearClosure",        "office",       "oc",  "oc",  "oc",  ""),
    ("archives.YearClosure",        "unit",         "",    "",    "",    ""),
    ("archives.YearClosure",        "cadre",        "",    "",    "",    ""),
    ("archives.YearClosure",        "group_leader", "",    "",    "",    ""),
    ("archives.YearClosure",        "inspector",    "",    "",    "",    ""),
    ("archives.YearClosure",        "leader",       "oc",  "",    "",    ""),
    ("archives.ArchivePackage",     "office",       "oc",  "oc",  "oc",  "oc"),
    ("archives.ArchivePackage",     "unit",         "",    "",    "",    ""),
    ("archives.ArchivePackage",     "cadre",        "",    "",    "",    ""),
    ("archives.ArchivePackage",     "group_leader", "",    "",    "",    ""),
    ("archives.ArchivePackage",     "inspector",    "",    "",    "",    ""),
    ("archives.ArchivePackage",     "leader",       "oc",  "",    "",    ""),
]

ORACLE = {(label, role): dict(zip(ACTIONS, cells, strict=True)) for label, role, *cells in TABLE}

# Attachments of a record that keeps its own rule instead of the place rule of the attachment rows above: a
# contact's photos show the household, so whoever may see the contact sees them, and nobody else (DOMAIN.md: upper
# levels see counts, never household records). Adding a photo is changing the contact. One row per owner × role;
# the cells are relations of the place of the owner record, as above.
ATTACHMENTS_OF_TABLE = [
    # owner                         role            view   add    change delete
    ("pairing.Contact",             "office",       "o",   "o",   "o",   "o"),
    ("pairing.Contact",             "unit",         "o",   "o",   "o",   "o"),
    ("pairing.Contact",             "cadre",        "o",   "o",   "o",   ""),
    ("pairing.Contact",             "group_leader", "o",   "o",   "o",   "o"),
    ("pairing.Contact",             "inspector",    "",    "",    "",    ""),
    ("pairing.Contact",             "leader",       "",    "",    "",    ""),
]
ATTACHMENTS_OF = {(owner, role): dict(zip(ACTIONS, cells, strict=True)) for owner, role, *cells in ATTACHMENTS_OF_TABLE}
assert len(ORACLE) == len(TABLE), "a model × role appears twice in the oracle"

# Where the edit and delete pages answer more narrowly than the model-wide row above, because the service or the
# form decides on the record itself, not only on its place: (model, role, action) → relations.
NARROWED_ON_PAGES = {
    # an office writes its own area's news; a lower unit's item it accepts or returns through the review steps
    ("information.InformationItem", "office", ADD): "o",
    ("information.InformationItem", "office", CHANGE): "o",
    ("information.InformationItem", "office", DELETE): "o",
    # the battery's allocation is provincial money, which only an office records; a unit records its self-funding
    ("funds.Allocation", "unit", ADD): "",
    ("funds.Allocation", "unit", CHANGE): "",
    ("funds.Allocation", "unit", DELETE): "",
    # a talk is held with the head of a unit (被约谈单位): one recorded at an area cannot be saved on the page
    ("inspections.Talk", "office", ADD): "",
    ("inspections.Talk", "office", CHANGE): "",
    ("inspections.Talk", "inspector", ADD): "",
    ("inspections.Talk", "inspector", CHANGE): "",
    # a programme is run by a unit (开展活动的单位): one recorded at an area cannot be saved on the page
    ("pairing.Programme", "office", ADD): "",
    ("pairing.Programme", "office", CHANGE): "",
    # groups and their monthly summaries are kept inside the person's own programme
    ("pairing.PairingGroup", "office", ADD): "o",
    ("pairing.PairingGroup", "unit", ADD): "o",
    # ... and an edit re-runs that check (group_update), so a programme below is the programme's own staff's
    ("pairing.PairingGroup", "office", CHANGE): "o",
    ("pairing.PairingGroup", "unit", CHANGE): "o",
    ("pairing.GroupSummary", "office", ADD): "o",
    ("pairing.GroupSummary", "unit", ADD): "o",
    ("pairing.GroupSummary", "group_leader", ADD): "o",
    ("pairing.GroupSummary", "office", CHANGE): "o",
    ("pairing.GroupSummary", "unit", CHANGE): "o",
    ("pairing.GroupSummary", "group_leader", CHANGE): "o",
    # the household record is kept by the programme's staff and group leader; the cadre records contacts and needs
    ("pairing.Household", "cadre", CHANGE): "",
    # an office applies for its own area only (services.may_apply_for), never for a unit or an area below it
    ("titles.TitleApplication", "office", ADD): "o",
    ("titles.TitleApplication", "office", CHANGE): "o",
    # a call is issued and changed by the office that calls (its windows bind the offices below it)
    ("titles.TitleCall", "office", ADD): "o",
    ("titles.TitleCall", "office", CHANGE): "o",
}
# A household record is added only inside the person's own programme, never into one below (DOMAIN.md: upper
# levels see counts); the policy's `add` admits the place and the form's choices narrow it.
NARROWED_ON_PAGES.update({(label, role, ADD): "o" for label in (
    "pairing.Household", "pairing.Pair", "pairing.Contact", "pairing.Need")
    for role in ("office", "unit", "cadre", "group_leader") if ORACLE[(label, role)][ADD]})
# The API narrows where its service does (the page-only entries above are forms' place choices).
NARROWED_IN_API = {key: NARROWED_ON_PAGES[key] for key in [
    ("information.InformationItem", "office", ADD), ("information.InformationItem", "office", CHANGE),
    ("information.InformationItem", "office", DELETE),
    ("funds.Allocation", "unit", ADD), ("funds.Allocation", "unit", CHANGE), ("funds.Allocation", "unit", DELETE),
    ("pairing.PairingGroup", "office", ADD), ("pairing.PairingGroup", "unit", ADD),
    ("titles.TitleApplication", "office", ADD),
]}
# The list pages that deliberately show more than `restrict` would: URL → relations added.
WIDENED_LISTS = {
    "/plans/upper/": "p",   # the plans of the places above, which a lower level's plan follows (DOMAIN.md)
    "/assessments/systems/upper/": "p",   # the systems above, which a lower office adopts (issue 16)
}


def allowed(label: str, role: str, action: str, relation: str, channel: str = "policy") -> bool:
    """May a person holding `role` do `action` on a `label` record at the place in `relation` to theirs?
    `channel` is "policy" (the model's rule), "pages" or "api" (where a form or service narrows it)."""
    letter = next(k for k, v in RELATIONS.items() if v == relation)
    narrowed = {"pages": NARROWED_ON_PAGES, "api": NARROWED_IN_API}.get(channel, {})
    if (label, role, action) in narrowed:
        return letter in narrowed[(label, role, action)]
    return letter in ORACLE[(label, role)][action]


def models() -> list[str]:
    return sorted({label for label, *_ in TABLE})


# ---------------------------------------------------------------------------------------------------- workflow steps
# Who may take each step of every workflow (DOMAIN.md, README's roles table, issue 10). A cell lists the relations,
# seen from the person's own place, of the place the record belongs to (its unit, its area). The records are set
# up as the domain has them: whoever organises or reviews sits at the PARENT of the record's place (a campaign,
# an inspection round, the office an item is sent to, the review step of an application), so "c" in an office
# column reads "the office directly above the unit takes this step". Admins are not listed.
STEP_ROLES = ("office", "unit", "cadre", "group_leader", "inspector", "leader")
STEP_TABLE = [
    # workflow                      action                    office unit  cadre group_leader inspector leader
    # pairing: the cadre handles the household's need or takes it to the group; the group leader solves it or
    # takes it to the leadership of the unit that runs the programme (its office or unit staff at that place);
    # never anyone above (household data is not visible upward)
    ("pairing.NEEDS",               "solve_by_cadre",         "",   "",   "o",  "",   "",   ""),
    ("pairing.NEEDS",               "escalate_to_group",      "",   "",   "o",  "",   "",   ""),
    ("pairing.NEEDS",               "close_by_cadre",         "",   "",   "o",  "",   "",   ""),
    ("pairing.NEEDS",               "solve_by_group",         "",   "",   "",   "o",  "",   ""),
    ("pairing.NEEDS",               "escalate_to_leadership", "",   "",   "",   "o",  "",   ""),
    ("pairing.NEEDS",               "close_by_group",         "",   "",   "",   "o",  "",   ""),
    ("pairing.NEEDS",               "solve_by_leadership",    "o",  "o",  "",   "",   "",   ""),
    ("pairing.NEEDS",               "close_by_leadership",    "o",  "o",  "",   "",   "",   ""),
    # assessments: the subject self-assesses and submits: a unit's staff, an area's own office (only its own: the
    # office above reviews it, issue 16); the office organising the campaign returns an entry and fixes the results
    # of the whole campaign at once
    ("assessments.ENTRIES",         "submit",                 "o",  "oc", "",   "",   "",   ""),
    ("assessments.ENTRIES",         "return",                 "c",  "",   "",   "",   "",   ""),
    ("assessments.ENTRIES",         "finish",                 "c",  "",   "",   "",   "",   ""),
    # commendations: the organising office publishes the notice and decides (its own campaign); it accepts or
    # rejects the nominations of the units below; the nominating unit withdraws its own
    ("commendations.CAMPAIGNS",     "start_notice",           "o",  "",   "",   "",   "",   ""),
    ("commendations.CAMPAIGNS",     "decide",                 "o",  "",   "",   "",   "",   ""),
    ("commendations.NOMINATIONS",   "accept",                 "c",  "",   "",   "",   "",   ""),
    ("commendations.NOMINATIONS",   "reject",                 "c",  "",   "",   "",   "",   ""),
    ("commendations.NOMINATIONS",   "withdraw",               "",   "oc", "",   "",   "",   ""),
    # upward recommendation: the office at the campaign's recommending level directly above the unit recommends
    # it (or not) to the campaign's office two levels up
    ("commendations.NOMINATIONS",   "recommend",              "c",  "",   "",   "",   "",   ""),
    ("commendations.NOMINATIONS",   "not_recommend",          "c",  "",   "",   "",   "",   ""),
    # information: a unit (or an office, about its own area) edits, deletes and submits; the office it is sent to
    # (the one above) accepts, returns, forwards upward and publishes, and withdraws what it published; declining
    # is the upper office's answer to a forward, two levels above the item, so no township office here
    ("information.ITEMS",           "edit",                   "o",  "oc", "",   "",   "",   ""),
    ("information.ITEMS",           "delete",                 "o",  "oc", "",   "",   "",   ""),
    ("information.ITEMS",           "submit",                 "o",  "oc", "",   "",   "",   ""),
    ("information.ITEMS",           "accept",                 "c",  "",   "",   "",   "",   ""),
    ("information.ITEMS",           "return",                 "c",  "",   "",   "",   "",   ""),
    ("information.ITEMS",           "forward",                "c",  "",   "",   "",   "",   ""),
    ("information.ITEMS",           "publish",                "c",  "",   "",   "",   "",   ""),
    ("information.ITEMS",           "withdraw",               "c",  "",   "",   "",   "",   ""),
    ("information.ITEMS",           "decline",                "",   "",   "",   "",   "",   ""),
    # inspections: the responsible unit answers; the office or inspectors of the round verify or send it back
    ("inspections.RECTIFICATIONS",  "answer",                 "",   "oc", "",   "",   "",   ""),
    ("inspections.RECTIFICATIONS",  "verify",                 "c",  "",   "",   "",   "c",  ""),
    ("inspections.RECTIFICATIONS",  "send_back",              "c",  "",   "",   "",   "c",  ""),
    # titles: the applicant (a unit's staff; an area's own office, for the area) submits or withdraws; the office of the current review step above it (a county title's
    # 初审 is the township's) passes, returns or rejects; the office of the re-inspection level re-inspects
    ("titles.APPLICATIONS",         "submit",                 "o",  "oc", "",   "",   "",   ""),
    ("titles.APPLICATIONS",         "withdraw",               "o",  "oc", "",   "",   "",   ""),
    ("titles.APPLICATIONS",         "pass",                   "c",  "",   "",   "",   "",   ""),
    ("titles.APPLICATIONS",         "return",                 "c",  "",   "",   "",   "",   ""),
    ("titles.APPLICATIONS",         "reject",                 "c",  "",   "",   "",   "",   ""),
    ("titles.TITLES",               "pass",                   "c",  "",   "",   "",   "",   ""),
    ("titles.TITLES",               "fail",                   "c",  "",   "",   "",   "",   ""),
    ("titles.TITLES",               "revoke",                 "c",  "",   "",   "",   "",   ""),
    # agreements: the issuing office (the area above the party) issues and, at the year's end, assesses; the party
    # itself signs: the township's office, the unit's own staff (not the unit above a sub-unit)
    ("agreements.AGREEMENTS",       "issue",                  "c",  "",   "",   "",   "",   ""),
    ("agreements.AGREEMENTS",       "sign",                   "o",  "o",  "",   "",   "",   ""),
    ("agreements.AGREEMENTS",       "assess",                 "c",  "",   "",   "",   "",   ""),
]
STEP_ORACLE = {(workflow, action): dict(zip(STEP_ROLES, cells, strict=True))
               for workflow, action, *cells in STEP_TABLE}
assert len(STEP_ORACLE) == len(STEP_TABLE), "a workflow step appears twice in the oracle"
# Checked through the record's edit and delete pages (tests/access/test_requests.py), not taken as steps.
NOT_STEPS = {("information.ITEMS", "edit"), ("information.ITEMS", "delete")}


def may_take(workflow: str, action: str, role: str, relation: str) -> bool:
    letter = next(k for k, v in RELATIONS.items() if v == relation)
    return letter in STEP_ORACLE[(workflow, action)].get(role, "")
