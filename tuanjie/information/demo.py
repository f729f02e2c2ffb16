"""The demo county's information items of 2026: several hundred items from the creation units in every state
(draft, submitted, returned, accepted, forwarded, published), 25 published on channels of which 2 were later
withdrawn (so "已发布信息23条", as in seed 002), and a clear spread between diligent units and units far behind
the quota of two items a month. Texts are written for the fictional 团结县. Steps go through the services; the
earlier months are back-filled without notifications, the last weeks notify as they would live."""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tuanjie.core.roles import Role
from tuanjie.information import services
from tuanjie.information.models import InformationItem, Publication
from tuanjie.information.services import workflow
from tuanjie.people.selectors import people_with_role

YEAR = 2026
START, END = date(YEAR, 1, 5), date(YEAR, 11, 20)
LIVE_FROM = date(YEAR, 11, 1)  # steps after this date notify people, as they would in real use

TOPICS = [
    ("开展“铸牢中华民族共同体意识”主题宣讲", "邀请县委宣讲团成员围绕铸牢中华民族共同体意识作专题宣讲，{n}名干部群众参加。"),
    ("召开民族团结进步创建工作推进会", "会议传达学习上级创建工作部署，通报上阶段规定动作完成情况，安排部署下一步重点任务。"),
    ("组织开展民族政策专题培训", "围绕党的民族理论和民族政策、相关法律法规开展专题培训，{n}人参训并完成测试。"),
    ("举办民族团结进步知识竞赛", "竞赛设必答、抢答、风险题三个环节，{n}名干部职工参与，进一步营造了学政策、讲团结的浓厚氛围。"),
    ("开展“民族团结一家亲”走访慰问活动", "干部职工深入结对户家中，宣讲惠民政策，了解生产生活困难，共帮助解决实际问题{k}件。"),
    ("组织干部职工参观石榴籽民族团结教育基地", "{n}名干部职工在讲解员带领下参观展陈，重温各族群众守望相助的感人故事。"),
    ("开展民族团结进步主题党日活动", "各党支部围绕“中华民族一家亲，同心共筑中国梦”开展主题党日，党员交流学习体会。"),
    ("举办“石榴籽”邻里文化节", "文化节设置文艺展演、美食分享、趣味运动等环节，吸引周边群众{n}余人参加。"),
    ("开展民族团结法治宣传进万家活动", "工作人员设立咨询台，发放宣传资料{k}0余份，现场解答群众法律咨询。"),
    ("开展“手拉手”志愿服务活动", "志愿者为群众提供义诊、理发、家电维修等服务，服务群众{n}人次。"),
    ("召开民族团结进步创建工作座谈会", "与会人员结合工作实际交流创建经验，查找短板不足，提出意见建议{k}条。"),
    ("开展国家通用语言文字推广活动", "组织开展普通话学习和测试，{n}人参加，营造讲普通话、写规范字的良好氛围。"),
]

PUBLISHED = [
    ("团结县召开2026年民族团结进步创建工作推进会",
     ["3月12日，团结县召开2026年民族团结进步创建工作推进会，总结2025年创建工作，部署2026年重点任务。",
      "会议指出，要以铸牢中华民族共同体意识为主线，推进创建工作“十五进”全覆盖、无盲区，"
      "把规定动作落实到每一个创建单位。各乡镇、县直各部门主要负责同志参加会议。"]),
    ("城关镇启动“民族团结进步宣传月”活动",
     ["城关镇以“中华民族一家亲，同心共筑中国梦”为主题，启动为期一个月的民族团结进步宣传月活动。",
      "活动期间，全镇将开展政策宣讲、文艺演出、知识竞赛、走访慰问等系列活动，推动民族团结进步理念深入人心。"]),
    ("团结县第一中学举办“石榴籽”主题班会",
     ["团结县第一中学各班级同步举办“像石榴籽一样紧紧抱在一起”主题班会。",
      "同学们通过讲故事、唱歌曲、谈体会等形式，表达了对伟大祖国、对中华民族的热爱。学校将主题班会纳入德育常规。"]),
    ("石榴镇开展民族团结进步创建“十进”集中宣传活动",
     ["石榴镇组织干部职工深入机关、学校、村（社区）、企业、寺观教堂等开展集中宣传，发放宣传手册500册，"
      "悬挂宣传标语80余条，设置路灯杆宣传牌191块。", "活动覆盖全镇10个村（社区），受益群众3000余人。"]),
    ("团结县民族宗教事务局开展民族团结法治宣传",
     ["县民宗局在县城中心广场设立法治宣传咨询台，向过往群众宣讲民族团结相关法律法规和政策。",
      "现场发放宣传资料1200余份，解答群众咨询60余人次。"]),
    ("同心乡“民族团结一家亲”结对认亲活动温暖人心",
     ["同心乡组织机关干部与结对户开展“认亲戚、走亲戚”活动，干部们带着米面油等慰问品上门走访。",
      "截至目前，全乡干部累计入户走访460余户次，帮助结对户解决就医、就学、就业等实际困难87件。"]),
    ("团结县人民医院开展“民族团结进医院”义诊活动",
     ["县人民医院组织内科、外科、儿科、中医科等专家深入偏远乡村开展义诊。",
      "医务人员为群众免费测量血压、血糖，开展健康咨询，发放健康宣传资料，服务群众320余人次。"]),
    ("和平镇举办民族团结进步知识竞赛",
     ["和平镇举办民族团结进步知识竞赛，来自全镇各村（社区）的10支代表队参赛。",
      "比赛紧扣党的民族理论和民族政策，以赛促学、以学促知，进一步增强了干部群众的“五个认同”。"]),
    ("团结县开展民族团结进步创建专项督查",
     ["4月至6月，团结县创建工作领导小组办公室组织4个督查组，对各乡镇和县直部门创建工作开展专项督查。",
      "督查采取听取汇报、查阅台账、实地查看等方式，发现亮点做法12项、问题23个，已逐项建立整改台账。"]),
    ("新华街道打造“石榴籽”民族团结示范街",
     ["新华街道依托辖区商业街区，打造集宣传展示、便民服务、文化交流于一体的民族团结示范街。",
      "示范街设置宣传长廊120米，评选示范商铺18家，成为各族群众交往交流交融的新平台。"]),
    ("团结县举办第三届民族团结进步运动会",
     ["团结县第三届民族团结进步运动会在县体育中心开幕，全县10个乡镇和县直各系统共28支代表队参赛。",
      "运动会设拔河、跳绳、押加、毽球等项目，各族群众同场竞技、增进友谊。"]),
    ("富民镇“团结互助同致富”合作社带动群众增收",
     ["富民镇农民专业合作社坚持“合作社+基地+农户”模式，吸纳各族群众入社，统一技术、统一销售。",
      "今年以来，合作社带动132户农户种植特色蔬菜，户均增收6800元。"]),
    ("团结县职业技术学校开展“手拉手”结对帮扶",
     ["县职业技术学校组织师生与乡村学校开展“手拉手”结对活动，开展送教下乡、图书捐赠、互访交流。",
      "活动共捐赠图书2000余册，开展示范课16节。"]),
    ("红旗乡召开党委听取民族团结进步创建工作汇报会",
     ["红旗乡党委召开专题会议，听取全乡民族团结进步创建工作情况汇报，研究解决工作中存在的困难和问题。",
      "会议要求各村（社区）对照年度实施方案，逐项抓好任务落实，确保规定动作按时完成。"]),
    ("团结县融媒体中心开设“民族团结进步”专栏",
     ["县融媒体中心在电视、广播、公众号开设“民族团结进步在行动”专栏，集中宣传各地各单位创建工作经验和先进典型。",
      "专栏开设以来，已刊播稿件56篇，总阅读量超过12万人次。"]),
    ("长青镇开展民族团结进步“回头看”工作",
     ["长青镇对照创建工作任务清单，对各创建单位开展“回头看”，逐项检查台账资料和活动开展情况。",
      "对发现的台账不规范、活动记录不完整等问题，现场反馈并限期整改。"]),
    ("团结县工业园区推进民族团结进企业",
     ["县工业园区组织园区企业开展民族团结进步创建，推动企业建立各族职工互助机制。",
      "园区企业今年共吸纳各族群众就业860余人，开展职业技能培训12期。"]),
    ("东坡乡举办“中华民族一家亲”文艺汇演",
     ["东坡乡举办“中华民族一家亲”文艺汇演，各村（社区）文艺队带来歌舞、快板、小品等节目18个。",
      "汇演吸引群众800余人观看，营造了欢乐祥和、团结奋进的浓厚氛围。"]),
    ("团结县开展民族团结进步示范单位初审",
     ["团结县创建工作领导小组办公室组织评审专家，对申报县级民族团结进步示范单位的32家单位开展初审。",
      "评审组通过查阅资料、实地查看、座谈了解等方式逐项打分，初审结果将在公示后报县领导小组审定。"]),
    ("团结县消防救援大队开展“民族团结进军营”活动",
     ["县消防救援大队邀请驻地各族群众走进营区，参观消防装备，学习消防安全知识。",
      "指战员与群众共同开展联欢，军民鱼水情、民族团结情在互动中不断加深。"]),
    ("石榴红餐饮有限公司打造民族团结示范商铺",
     ["石榴红餐饮有限公司坚持以团结促经营，吸纳各族员工42人，开展“师带徒”技能培训。",
      "公司设立民族团结宣传角，定期开展员工联谊活动，被推荐为县级民族团结示范商铺。"]),
    ("团结县开展第二季度民族团结进步创建工作点评",
     ["团结县召开第二季度创建工作点评会，逐一点评各乡镇、县直部门规定动作完成情况。",
      "会议对信息报送、培训开展、结对走访等方面完成较好的单位予以通报表扬，对进度滞后的单位提出整改要求。"]),
    ("团结湖生态旅游景区打造民族团结进步宣传阵地",
     ["团结湖生态旅游景区在游客中心、主要步道设置民族团结进步宣传展板36块，讲解员将民族团结故事融入讲解词。",
      "今年以来，景区接待游客12万人次，民族团结进步宣传覆盖广大游客。"]),
    ("同心新村安置点开展“邻里和睦一家亲”活动",
     ["同心新村易地扶贫搬迁安置点开展“邻里和睦一家亲”系列活动，组织搬迁群众开展邻里互助、文体联谊。",
      "安置点设立便民服务站，帮助搬迁群众办理就业、就学、就医等事项210余件。"]),
    ("团结县民族团结进步创建工作第三季度进展情况",
     ["第三季度，全县各创建单位共开展各类活动1200余场次，报送信息530余条，规定动作完成率达到92%。",
      "下一步，县创建办将聚焦信息报送、结对走访等薄弱环节，加强督促指导，确保全年任务圆满完成。"]),
]


def _at(day: date, rng) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.randint(0, 59)))


def _photo(rng, n: int) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), (rng.randint(150, 230), rng.randint(60, 120), rng.randint(40, 90)))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rng.randint(0, 560), rng.randint(0, 400)
        draw.ellipse((x, y, x + rng.randint(40, 160), y + rng.randint(40, 160)),
                     fill=(rng.randint(200, 255), rng.randint(150, 220), rng.randint(60, 140)))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=70)
    return SimpleUploadedFile(f"活动照片{n}.jpg", out.getvalue(), content_type="image/jpeg")


def _plans(world, units):
    """(unit, draft day) for every item of the year, by each unit's diligence."""
    rng = world.rng
    school = next((u for u in units if u.name == "团结县第一中学"), None)
    plans = []
    for unit in units:
        tier = rng.random()
        for month in range(1, 12):
            if unit == school or tier < 0.07:
                n = rng.choice((2, 2, 2, 3))          # diligent: meets the quota of two a month
            elif tier < 0.35:
                n = int(rng.random() < 0.4)            # uneven: less than one a month
            else:
                n = int(rng.random() < 0.05)           # clearly behind: one now and then
            for _ in range(n):
                day = date(YEAR, month, rng.randint(1, 28))
                if START <= day <= END:
                    plans.append((unit, day))
    plans.sort(key=lambda p: (p[1], p[0].pk))
    return plans


def build(world) -> None:
    rng = world.rng
    units = [u for u in world.units if u.creation_field and u.creation_field.name != "示范户/家庭"]
    offices = {p.pk: (people_with_role(Role.OFFICE, p, upward=False) or [None])[0]
               for p in [world.county, world.city, *world.townships]}

    plans = _plans(world, units)
    old = [i for i, (_u, day) in enumerate(plans) if day <= END - timedelta(days=20)]
    published = set(rng.sample(old, len(PUBLISHED)))
    texts = iter(PUBLISHED)
    withdrawn_left = 2
    for index, (unit, day) in enumerate(plans):
        age = (END - day).days
        writer = world.staff_by_unit.get(unit.pk)
        if writer is None:
            continue
        live = day >= LIVE_FROM
        context = workflow.quiet() if not live else contextlib.nullcontext()
        with context:
            if index in published:
                title, paragraphs = next(texts)
                body = "\n".join(paragraphs)
            else:
                topic, line = rng.choice(TOPICS)
                title = f"{unit.name}{topic}"
                body = line.format(n=rng.randint(20, 300), k=rng.randint(3, 30)) + "\n" + (
                    "下一步，将持续推进民族团结进步创建工作常态化、长效化，推动各项任务落地见效。")
            item = services.item_create(by=writer, place=unit, title=title, body=body,
                                        kind=InformationItem.Kind.BRIEFING if rng.random() < 0.15 else
                                        InformationItem.Kind.NEWS)
            InformationItem.objects.filter(pk=item.pk).update(created=_at(day, rng))
            if index in published:
                services._attach(item, [_photo(rng, n) for n in range(1, 1 + rng.randint(1, 2))], writer)
            roll = rng.random()
            if index not in published and ((age < 8 and roll < 0.2) or roll < 0.03):
                continue                                             # still a draft
            t = _at(day + timedelta(days=rng.randint(0, 2)), rng)
            item = services.item_submit(item=item, by=writer, at=t)
            office = offices.get(item.reviewer_place_id) or world.people["xianban"]
            if index not in published and age < 10 and rng.random() < 0.6:
                continue                                             # waiting for review
            t += timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
            if index not in published and rng.random() < 0.12:
                item = services.item_return(item=item, by=office, at=t, comment=rng.choice([
                    "请补充活动时间、地点和参加人数", "照片不够清晰，请重新上传现场照片", "标题请突出主题，正文请精简",
                    "请核实数据后重新报送"]))
                if age < 25 or rng.random() < 0.3:
                    continue                                         # returned, not yet revised
                t += timedelta(days=rng.randint(1, 3))
                item = services.item_update(item=item, by=writer, title=item.title,
                                            body=item.body + "<p>本次活动共有各族干部群众参加，取得良好效果。</p>")
                item = services.item_submit(item=item, by=writer, at=t)
                t += timedelta(days=rng.randint(1, 3))
            edits = {}
            if rng.random() < 0.2 and index not in published:
                edits = {"title": item.title.replace("开展", "扎实开展", 1)}
            item = services.item_accept(item=item, by=office, at=t, comment=rng.choice(["", "", "同意采用"]), **edits)
            upper = offices.get(world.county.pk) if item.reviewer_place_id != world.county.pk else None
            if upper and (rng.random() < 0.15 or index in published and rng.random() < 0.5):
                t += timedelta(days=rng.randint(1, 3))
                item = services.item_forward(item=item, by=office, at=t, comment="推荐上报县创建办")
                if age > 15 or index in published:
                    t += timedelta(days=rng.randint(1, 3))
                    if rng.random() < 0.85 or index in published:
                        item = services.item_accept(item=item, by=upper, at=t)
                        office = upper
                    else:
                        item = services.item_decline(item=item, by=upper, at=t, comment="本期信息较多，暂不采用")
            if index in published:
                t += timedelta(days=rng.randint(0, 2))
                channels = [Publication.Channel.PLATFORM] + rng.sample(
                    [Publication.Channel.WECHAT, Publication.Channel.PORTAL, Publication.Channel.MEDIA], rng.randint(0, 2))
                pubs = services.item_publish(item=item, by=office, channels=channels, at=t)
                if withdrawn_left and age > 60:
                    withdrawn_left -= 1
                    for pub in pubs:
                        services.publication_withdraw(publication=pub, by=office, at=t + timedelta(days=2),
                                                      reason="活动数据需进一步核实，暂时撤回")
