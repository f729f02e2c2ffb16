"""The API documentation (Swagger UI) in Chinese: each endpoint is tagged with its records' Chinese name and each
operation summarised as "列出活动", "修改活动"… unless the view says otherwise with `extend_schema`."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_view_model
from rest_framework import serializers

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


def decimal_pattern(field: serializers.DecimalField) -> str:
    """The pattern of a decimal sent as text, as strict as the field: digits (not ""), at most its places, a sign
    only when it may be negative, and no zero when it must be positive (an amount of money). drf-spectacular's own
    pattern allows "", "-" and "1." and so documented as valid what the field refuses."""
    places = field.decimal_places or 0
    whole = None if field.max_digits is None else field.max_digits - places
    more = r"\d*" if whole is None else rf"\d{{0,{whole - 1}}}"
    fraction = rf"(?:\.\d{{1,{places}}})?" if places else ""
    least = min((Decimal(v.limit_value) for v in field.validators if isinstance(v, MinValueValidator)), default=None)
    if least is not None and least > 0 and places and least <= Decimal(1).scaleb(-places):
        # at least the smallest step: a non-zero whole part, or 0 and a fraction that is not all zeros
        return rf"^(?:[1-9]{more}{fraction}|0\.\d{{0,{places - 1}}}[1-9])$"
    sign = "" if least is not None and least >= 0 else "-?"
    return rf"^{sign}(?:0|[1-9]{more}){fraction}$"


class ChineseAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and schema.get("type") == "string":
            schema["pattern"] = decimal_pattern(field)
        elif (isinstance(field, serializers.CharField) and not field.allow_blank and schema.get("type") == "string"
              and "format" not in schema and "enum" not in schema):
            # A required text: drf-spectacular leaves "" (and, the field trimming it, "  ") documented as valid.
            schema["minLength"] = max(schema.get("minLength", 0), 1)
            if field.trim_whitespace:
                schema.setdefault("pattern", r"\S")
        return schema

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


# ------------------------------------------------------------------------------------------ refusals
# Every operation lists the refusals it can answer (core/api.py says which status means what), each with the body
# the API sends: `detail` for a refusal of the whole request, the messages by field (or a list of them) for a
# request whose content is refused. Written once here, not per view, so a new endpoint documents them too.
DETAIL = {"type": "object", "title": "错误说明", "properties": {"detail": {"type": "string", "description": "中文说明"}},
          "required": ["detail"]}
MESSAGES = {"title": "校验错误", "oneOf": [
    {"type": "object", "description": "按字段给出的中文说明；不属于某个字段的在 non_field_errors 下",
     "additionalProperties": {}},
    {"type": "array", "description": "中文说明", "items": {"type": "string"}},
]}
REFUSALS = {
    "400": ("请求格式不符合本说明：缺少必填项、类型不对、超出范围或不在可选值中（按字段说明）", "RefusalMessages"),
    "401": ("未登录，或账号、密码（凭据）不正确", "RefusalDetail"),
    "403": ("无权进行此操作（detail 说明原因）", "RefusalDetail"),
    "404": ("记录不存在或不在您的管辖范围内；编号不是正整数、列表页码超出范围时也是 404", "RefusalDetail"),
    "409": ("与已有记录重复（如同一地区同一年度只能有一份），或同一 Idempotency-Key 的请求仍在处理", "RefusalMessages"),
    "412": ("记录在您读取后已被他人修改：If-Match 与当前 ETag 不符，请重新读取", "RefusalDetail"),
    "415": ("请求体的格式（Content-Type）不受支持", "RefusalDetail"),
    "422": ("请求格式正确，但不符合业务规则：所引用的记录不存在或不在您的范围内、日期超出合理范围（1980年1月1日至今天，"
            "计划类日期至2100年底）、当前状态不能办理此步骤、参数或内容含有空字符（\\0）等（按字段说明）", "RefusalMessages"),
    "428": ("服务器要求修改前先读取记录，并在 If-Match 请求头中带上 ETag", "RefusalDetail"),
}
WRITES = {"post", "put", "patch"}


def _refusals_for(method: str, operation: dict) -> list[str]:
    located = {parameter.get("in") for parameter in operation.get("parameters", [])}
    codes = ["401", "403"]
    if "query" in located or "requestBody" in operation:
        codes.append("400")
    if "path" in located or "query" in located:
        codes.append("404")     # a record or place not found or out of reach, a page past the end
    if "requestBody" in operation:
        codes.append("415")
    if "query" in located or "requestBody" in operation or method in WRITES or method == "delete":
        codes.append("422")         # a rule refuses it; for a delete, a protected record (core/recyclebin.py)
    if method in WRITES:
        codes.append("409")
    if method in ("put", "patch"):
        codes += ["412", "428"]     # optimistic locking (core/versioning.py)
    return sorted(set(codes))


def document_refusals(result, generator, request, public):
    """drf-spectacular postprocessing hook (settings.SPECTACULAR_SETTINGS)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("RefusalDetail", DETAIL)
    schemas.setdefault("RefusalMessages", MESSAGES)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code in _refusals_for(method, operation):
                description, component = REFUSALS[code]
                operation["responses"].setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                })
    return result
