"""The API documentation (Swagger UI) in Chinese: each endpoint is tagged with its records' Chinese name and each
operation summarised as "列出活动", "修改活动"… unless the view says otherwise with `extend_schema`."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_view_model

ACTIONS = {"list": "列出", "create": "新增", "retrieve": "查看", "update": "修改", "partial_update": "修改部分字段",
           "destroy": "删除",
           # the workflow steps and reports the apps add as extra actions
           "accept": "通过", "answer": "答复", "close": "办结", "compliance": "达标情况", "decide": "决定表彰",
           "decline": "不予受理", "finish": "结束", "forward": "转报上级", "pass": "审核通过", "publish": "发布",
           "reinspect": "复检", "reject": "不通过", "results": "结果", "return": "退回", "review": "审核",
           "self_assess": "自评", "send_back": "退回修改", "start_notice": "发布通知", "steps": "办理记录",
           "submit": "提交", "transition": "办理", "verify": "核验", "withdraw": "撤回"}
CRUD = ("list", "create", "retrieve", "update", "partial_update", "destroy")
OTHER_TAGS = {"fund-summary": "经费汇总", "pairing-overview": "结对帮扶概况", "schema": "接口说明"}


class ChineseAutoSchema(AutoSchema):
    def _model(self):
        return get_view_model(self.view, emit_warnings=False)

    def get_tags(self) -> list[str]:
        model = self._model()
        if model is not None:
            return [str(model._meta.verbose_name_plural)]
        return [OTHER_TAGS.get(tag, tag) for tag in super().get_tags()]

    def get_summary(self) -> str | None:
        summary = super().get_summary()
        if summary:
            return summary
        model = self._model()
        action = (getattr(self.view, "action", None) or "").rstrip("_")     # return_, pass_: Python keywords
        verb = ACTIONS.get(action)
        if model is None or not verb:
            return verb or None
        if action in CRUD:
            return f"{verb}{model._meta.verbose_name}"
        return f"{model._meta.verbose_name}：{verb}"
