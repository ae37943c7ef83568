"""Chinese templates for the demo centre's cases: places, people and the matters they raise.

Written for this project (no text comes from a real case). Placeholders in braces are filled by
`tousu.demo.cases` with `str.format(**values)`; every template may use any key of `fill_values`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# --- places ----------------------------------------------------------------------------------

DISTRICTS = ("东城区", "西城区", "南湖区", "北山区", "高新区", "经开区")
STREETS = {
    "东城区": ("建设路街道", "和平街道", "东风街道", "朝阳街道"),
    "西城区": ("西关街道", "文化路街道", "新华街道"),
    "南湖区": ("南湖街道", "湖滨街道", "长青镇"),
    "北山区": ("北山街道", "青松镇", "红星街道"),
    "高新区": ("科技城街道", "创业路街道"),
    "经开区": ("临港街道", "工业园街道"),
}
ROADS = (
    "建设路",
    "人民路",
    "解放大道",
    "和平路",
    "中山路",
    "长江路",
    "黄河路",
    "滨河路",
    "文化路",
    "新华路",
    "胜利街",
    "光明路",
    "科技大道",
    "育才路",
    "环城东路",
    "纬二路",
    "经五路",
    "青年路",
)
ESTATES = (
    "幸福里小区",
    "阳光花园",
    "锦绣家园",
    "翠湖苑",
    "金色港湾",
    "东方名城",
    "和谐家园",
    "书香雅苑",
    "滨江花园",
    "紫荆小区",
    "丽景湾",
    "新城国际",
    "梧桐苑",
    "春晖小区",
    "纺织厂家属院",
    "铁路新村",
    "嘉禾名苑",
    "山水人家",
)
RIVERS = ("南湖河", "清水河", "护城河", "小清河", "运粮河")

# --- organisations ---------------------------------------------------------------------------

PROPERTY_COMPANIES = (
    "安居物业服务有限公司",
    "恒泰物业管理有限公司",
    "绿城佳苑物业有限公司",
    "华信物业服务有限公司",
    "众和物业管理有限公司",
)
DEVELOPERS = (
    "鼎盛房地产开发有限公司",
    "宏远置业有限公司",
    "金地华府置业有限公司",
    "天和房地产开发有限公司",
)
RESTAURANTS = ("老街面馆", "川味小厨", "好再来快餐", "鲜香烧烤", "福满楼酒家", "阿强麻辣烫")
SHOPS = ("惠民超市", "佳乐购便利店", "百家福超市", "家家乐生鲜超市", "华联商场")
GYMS = ("力美健身", "悦动健身会所", "型动空间健身房", "壹号游泳健身中心")
TRAINING = ("启航教育培训中心", "博学课堂", "优学堂培训学校", "智慧树辅导中心")
EMPLOYERS = (
    "宏达机械制造有限公司",
    "新锐电子科技有限公司",
    "顺通物流有限公司",
    "恒昌纺织有限公司",
    "美佳餐饮管理有限公司",
    "鑫源建筑劳务有限公司",
)
FACTORIES = ("华泰化工有限公司", "明远塑胶制品厂", "永盛金属表面处理厂", "东升建材有限公司")
AGENCIES = ("安家房产经纪有限公司", "链居房屋中介", "诚信地产经纪服务部")
ONLINE_SHOPS = ("某电商平台旗舰店", "某直播间", "某团购平台商家")
HOSPITALS = ("市第一人民医院", "市中医院", "市妇幼保健院", "东城区人民医院", "市第二人民医院")
SCHOOLS = ("实验小学", "育才小学", "第三中学", "东城区第二实验小学")
OFFICES = (
    "不动产登记中心",
    "区政务服务中心",
    "市场主体登记窗口",
    "公积金管理中心服务大厅",
    "社保经办大厅",
)
MATTERS = (
    "不动产登记",
    "营业执照变更",
    "公积金提取",
    "居住证办理",
    "施工许可",
    "退休手续",
    "残疾人补贴申请",
)
BUS_LINES = ("1", "3", "8", "11", "15", "23", "36", "58", "102", "K6")

# --- people ----------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红梅海燕鹏飞宇浩然思雨欣怡子涵梓萱博文俊杰晨阳家豪雅婷晓东春生秋菊冬梅德明淑珍国庆建华立新"  # noqa: E501
ID_REGIONS = ("110101", "110102", "120103", "320102", "330106", "370102", "420106", "510104")
PHONE_PREFIXES: tuple[str, ...] = (
    *("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152"),
    *("155", "158", "159", "166", "176", "177", "180", "182", "186", "187", "189"),
)
ORGANISATIONS = ("", "", "", "", "退休职工", "个体工商户", "外卖骑手", "在校学生", "企业职工")


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def phone_number(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def id_number(rng: random.Random) -> str:
    """A well-formed (checksummed) but invented 18-digit resident ID number."""
    year = rng.randint(1950, 2004)
    body = (
        rng.choice(ID_REGIONS)
        + f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def home_address(rng: random.Random) -> str:
    district = rng.choice(DISTRICTS)
    street, estate = rng.choice(STREETS[district]), rng.choice(ESTATES)
    room = f"{rng.randint(1, 30)}{rng.randint(1, 4):02d}"
    return f"{district}{street}{estate}{rng.randint(1, 28)}号楼{rng.randint(1, 6)}单元{room}"


def fill_values(rng: random.Random) -> dict[str, str]:
    """One consistent set of values for a case's templates."""
    district = rng.choice(DISTRICTS)
    street = rng.choice(STREETS[district])
    road, road2 = rng.sample(ROADS, 2)
    estate = rng.choice(ESTATES)
    return {
        "district": district,
        "street": street,
        "road": road,
        "road2": road2,
        "estate": estate,
        "building": str(rng.randint(1, 28)),
        "number": str(rng.randint(1, 399)),
        "river": rng.choice(RIVERS),
        "property_company": rng.choice(PROPERTY_COMPANIES),
        "developer": rng.choice(DEVELOPERS),
        "restaurant": rng.choice(RESTAURANTS),
        "shop": rng.choice(SHOPS),
        "gym": rng.choice(GYMS),
        "training": rng.choice(TRAINING),
        "employer": rng.choice(EMPLOYERS),
        "factory": rng.choice(FACTORIES),
        "agency": rng.choice(AGENCIES),
        "online_shop": rng.choice(ONLINE_SHOPS),
        "hospital": rng.choice(HOSPITALS),
        "school": district + rng.choice(SCHOOLS),
        "office": rng.choice(OFFICES),
        "matter": rng.choice(MATTERS),
        "bus_line": rng.choice(BUS_LINES),
        "plate": f"A{rng.choice('BCDEFGHJKL')}{rng.randint(1000, 9999)}",
        "person": person_name(rng),
        "days": str(rng.randint(3, 20)),
        "weeks": str(rng.randint(2, 8)),
        "months": str(rng.randint(2, 7)),
        "amount": str(rng.choice((380, 860, 1200, 2680, 3500, 4800, 6000, 12800))),
        "workers": str(rng.randint(12, 60)),
        "hour": str(rng.choice((22, 23, 0, 1, 2))),
        "wage_total": str(rng.randint(18, 260)),
    }


# --- the matters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One kind of matter people call about, with the texts of its whole life."""

    category: str
    kinds: tuple[str, ...]
    title: str
    content: str
    demands: tuple[str, ...]
    address: str
    result: str
    reply: str
    respondent: str = ""
    respondent_address: str = ""
    respondent_type: str = "organisation"
    # Criteria the matter itself carries (第十七条): a safety threat, a collective matter.
    safety: bool = False
    collective: bool = False
    official_rank: str = ""


SCENARIOS: tuple[Scenario, ...] = (
    # 住房城乡建设 ------------------------------------------------------------------------------
    Scenario(
        category="property",
        kinds=("complaint",),
        title="{estate}{building}号楼楼道灯长期不亮,物业不维修",
        content=(
            "来电人反映,{district}{street}{estate}{building}号楼楼道声控灯已损坏{weeks}周,"
            "晚上上下楼一片漆黑,老人已摔倒过一次。多次向{property_company}报修,"
            "物业一直推说等材料,至今无人处理。"
        ),
        demands=("尽快修复楼道照明", "物业公司公开报修处理进度"),
        address="{district}{street}{estate}{building}号楼",
        respondent="{property_company}",
        respondent_address="{district}{estate}物业服务中心",
        result="经核查,{property_company}已于次日更换楼道声控灯{number}盏,并建立报修台账。",
        reply="您反映的{estate}{building}号楼楼道灯问题,物业公司已完成维修,请您监督。",
    ),
    Scenario(
        category="property",
        kinds=("complaint",),
        title="{estate}物业公司未经业主大会擅自上调物业费",
        content=(
            "{estate}业主反映,{property_company}张贴通知将物业费由每平方米1.2元上调至1.8元,"
            "未召开业主大会,也未公示收支情况。业主询问时物业工作人员态度恶劣。"
        ),
        demands=("撤销涨价通知", "公开近三年物业费收支明细"),
        address="{district}{estate}",
        respondent="{property_company}",
        result=(
            "区住建部门约谈{property_company},物业公司已撤回调价通知,"
            "承诺依法履行业主共同决定程序后再议。"
        ),
        reply="经住建部门督促,物业公司已撤回调价通知。后续调价须经业主共同决定。",
        collective=True,
    ),
    Scenario(
        category="property",
        kinds=("complaint", "help"),
        title="{estate}地下车库积水严重,物业不抽排",
        content=(
            "连续降雨后{estate}地下车库积水深约30厘米,部分车辆被泡,"
            "排水泵损坏无人维修。来电人称已向物业反映{days}天。"
        ),
        demands=("立即抽排积水", "修复车库排水设施"),
        address="{district}{estate}地下车库",
        respondent="{property_company}",
        result="物业公司已调用抽水泵完成抽排,并更换损坏排水泵一台。",
        reply="车库积水已抽排完毕,排水泵已更换。",
    ),
    Scenario(
        category="home-quality",
        kinds=("complaint",),
        title="{estate}新交付房屋墙体开裂、卫生间渗水",
        content=(
            "来电人于今年购买{developer}开发的{estate}{building}号楼住房,收房不到半年,"
            "客厅墙体出现多条裂缝,卫生间向楼下渗水。开发商多次承诺维修但一直拖延。"
        ),
        demands=("开发商在保修期内履行维修责任", "对渗水造成的损失予以赔偿"),
        address="{district}{estate}{building}号楼",
        respondent="{developer}",
        result="住建局质量监督站现场核查,责令{developer}限期维修,开发商已进场施工。",
        reply="住建部门已责令开发商履行保修责任,维修已开始,请您配合验收。",
    ),
    Scenario(
        category="home-quality",
        kinds=("complaint",),
        title="{estate}项目逾期交房,{workers}户业主要求说法",
        content=(
            "{estate}项目合同约定交房日期已过{months}个月,工地基本停工。"
            "{workers}户业主多次到售楼处询问无果,情绪激动,计划集体到市政府反映。"
        ),
        demands=("督促开发商复工并明确交房时间", "按合同支付逾期交房违约金"),
        address="{district}{road}{estate}项目",
        respondent="{developer}",
        result="市住建局牵头召开协调会,开发商承诺{weeks}周内全面复工并公布交房计划。",
        reply="经协调,开发商已承诺复工时间表,住建部门将跟踪督办。",
        collective=True,
        safety=True,
    ),
    Scenario(
        category="old-estate",
        kinds=("suggestion",),
        title="建议将{estate}纳入老旧小区改造计划并加装电梯",
        content=(
            "{estate}建成于上世纪九十年代,6层无电梯,住户多为老年人,管网老化、外墙脱落。"
            "建议纳入明年老旧小区改造计划,同步加装电梯。"
        ),
        demands=("将小区纳入改造计划", "支持加装电梯"),
        address="{district}{street}{estate}",
        result="已将{estate}列入明年改造项目储备库,加装电梯可按政策申请补贴。",
        reply="感谢建议。{estate}已列入改造储备库,加装电梯补贴政策已告知社区。",
    ),
    Scenario(
        category="rental",
        kinds=("complaint",),
        title="{agency}拒不退还租房押金{amount}元",
        content=(
            "来电人通过{agency}租住{estate}一套住房,合同到期正常退租,房屋无损坏,"
            "但中介以各种理由扣留押金{amount}元,至今未退。"
        ),
        demands=("退还押金{amount}元",),
        address="{district}{estate}",
        respondent="{agency}",
        result="经住建部门约谈,{agency}已全额退还押金。",
        reply="中介机构已退还您的押金,如仍有问题可再次来电。",
    ),
    Scenario(
        category="rental",
        kinds=("consultation",),
        title="咨询公共租赁住房申请条件和办理流程",
        content="来电人咨询本市公共租赁住房的申请条件、所需材料以及在哪里提交申请。",
        demands=("告知申请条件和流程",),
        address="",
        result="已告知来电人公租房申请条件、材料清单及受理窗口。",
        reply="已电话告知公租房申请条件、所需材料和受理地点。",
    ),
    Scenario(
        category="construction",
        kinds=("complaint", "report"),
        title="{road}工地扬尘严重,渣土车沿路遗撒",
        content=(
            "{road}与{road2}交叉口附近在建工地未覆盖裸土,大风天气扬尘严重;"
            "渣土车进出未冲洗,沿路遗撒泥土,过往行人和车辆苦不堪言。"
        ),
        demands=("责令工地落实扬尘防治措施", "查处渣土车遗撒"),
        address="{district}{road}与{road2}交叉口",
        respondent="{road}项目施工单位",
        result="住建局执法人员现场检查,责令工地覆盖裸土、设置冲洗设施,并处以罚款。",
        reply="工地已整改扬尘问题,执法部门将持续巡查。",
    ),
    # 市场监管 ----------------------------------------------------------------------------------
    Scenario(
        category="food",
        kinds=("report",),
        title="{road}{restaurant}后厨卫生脏乱,疑似使用过期食材",
        content=(
            "举报人称在{road}{number}号{restaurant}就餐后腹泻,透过后厨窗口看到地面油污、"
            "食材随意堆放在地上,冰柜里有过期半成品。"
        ),
        demands=("对该餐馆进行检查", "依法查处违法行为"),
        address="{district}{road}{number}号",
        respondent="{restaurant}",
        respondent_address="{district}{road}{number}号",
        result="市场监管所执法人员现场检查,发现过期食材并立案调查,责令停业整改。",
        reply="已对该餐馆立案调查并责令整改,感谢您的监督。",
    ),
    Scenario(
        category="food",
        kinds=("complaint",),
        title="在{shop}购买的牛奶已过保质期",
        content="来电人在{district}{shop}购买的牛奶回家后发现已过保质期{days}天,商家拒绝退换。",
        demands=("退货并按规定赔偿",),
        address="{district}{road}{shop}",
        respondent="{shop}",
        result="经调解,{shop}向消费者退款并支付十倍赔偿,已下架同批次商品。",
        reply="经市场监管部门调解,商家已退款赔偿。",
    ),
    Scenario(
        category="prices",
        kinds=("report",),
        title="{road}临时停车场超标准收费",
        content=("举报人反映{road}临时停车场公示收费为每小时2元,实际按每次20元收取,且不出具发票。"),
        demands=("查处乱收费行为", "退还多收费用"),
        address="{district}{road}",
        respondent="{road}临时停车场经营者",
        result="价格监督检查人员现场核实多收费属实,已责令退还并依法处罚。",
        reply="已查实停车场多收费问题,责令其退还并处罚。",
    ),
    Scenario(
        category="prices",
        kinds=("complaint",),
        title="{shop}商品标价与结算价格不一致",
        content="来电人在{shop}购物,货架标价9.9元的商品结账时按15.8元收取,要求商家按标价结算被拒。",
        demands=("按标价退还差价",),
        address="{district}{shop}",
        respondent="{shop}",
        result="经核查属实,商家已退还差价并整改价签管理。",
        reply="商家已退还差价,市场监管部门已责令整改。",
    ),
    Scenario(
        category="prepaid",
        kinds=("complaint",),
        title="{gym}突然闭店,预付卡无法退费",
        content=(
            "{gym}于本月突然关门,门口贴出装修通知后联系不上负责人。来电人办理了{amount}元年卡,"
            "仅使用{weeks}周,同样情况的会员有数十人。"
        ),
        demands=("查找经营者下落", "退还剩余预付费用"),
        address="{district}{road}{number}号",
        respondent="{gym}",
        respondent_address="{district}{road}{number}号",
        result="市场监管局联合属地街道约谈经营者,已制定分批退费方案,首批退费已发放。",
        reply="已督促经营者制定退费方案,首批退费已发放,请关注后续通知。",
        collective=True,
    ),
    Scenario(
        category="online-shopping",
        kinds=("complaint",),
        title="网购商品存在质量问题,商家拒绝七天无理由退货",
        content="来电人在{online_shop}购买的电热水壶收到后漏电,申请退货被商家以已拆封为由拒绝。",
        demands=("退货退款",),
        address="",
        respondent="{online_shop}",
        result="已将诉求转平台所在地市场监管部门处理,商家同意退货退款。",
        reply="商家已同意退货退款,请按平台提示寄回商品。",
    ),
    Scenario(
        category="elevator",
        kinds=("complaint", "help"),
        title="{estate}{building}号楼电梯频繁困人",
        content=(
            "{estate}{building}号楼电梯本月已发生{days}次困人,昨天一名老人被困近一小时。"
            "电梯维保单位只是简单重启,隐患一直未排除。"
        ),
        demands=("对电梯进行全面安全检验", "督促维保单位彻底维修"),
        address="{district}{estate}{building}号楼",
        respondent="{property_company}",
        result="特种设备安全监察人员现场检查,责令停梯检修并更换门锁装置,检验合格后恢复运行。",
        reply="电梯已停梯检修并经检验合格,维保单位已被约谈。",
        safety=True,
    ),
    # 交通出行 ----------------------------------------------------------------------------------
    Scenario(
        category="bus",
        kinds=("complaint",),
        title="{bus_line}路公交车早高峰经常甩站、间隔过长",
        content=(
            "乘客反映{bus_line}路公交车工作日早高峰经常不进{road}站,"
            "发车间隔经常超过30分钟,影响上班上学。"
        ),
        demands=("加密早高峰班次", "杜绝甩站"),
        address="{district}{road}公交站",
        respondent="市公交集团",
        result="公交集团已对相关驾驶员进行教育,早高峰增开区间车两班。",
        reply="已加密早高峰班次并加强驾驶员管理。",
    ),
    Scenario(
        category="bus",
        kinds=("praise",),
        title="表扬{bus_line}路公交驾驶员拾金不昧",
        content="来电人将装有证件和现金的钱包遗落在{bus_line}路公交车上,驾驶员主动联系并归还,特致谢意。",
        demands=("对驾驶员予以表扬",),
        address="",
        respondent="市公交集团",
        result="已将表扬转达公交集团,公司对驾驶员通报表扬。",
        reply="您的表扬已转达,公交集团已对驾驶员通报表扬。",
    ),
    Scenario(
        category="taxi",
        kinds=("complaint",),
        title="出租车{plate}绕路多收费",
        content="来电人从火车站乘坐出租车{plate}前往{estate},司机故意绕行,车费比平时多出近一倍。",
        demands=("退还多收车费", "处理驾驶员"),
        address="火车站至{district}{estate}",
        respondent="出租车{plate}驾驶员",
        respondent_type="person",
        result="运管部门调取行车轨迹核实绕路属实,已责令退还多收车费并对驾驶员处罚。",
        reply="已核实绕路问题,多收车费将退还给您。",
    ),
    Scenario(
        category="road",
        kinds=("help", "complaint"),
        title="{road}路面塌陷形成深坑,存在安全隐患",
        content="{road}{number}号附近机动车道出现约一米见方的塌陷坑,夜间照明不足,已有电动车摔倒。",
        demands=("立即设置警示并修复路面",),
        address="{district}{road}{number}号附近",
        result="养护单位已设置围挡警示,并于两天内完成路面修复。",
        reply="塌陷路面已修复,感谢您的反映。",
        safety=True,
    ),
    Scenario(
        category="road",
        kinds=("suggestion",),
        title="建议在{road}与{road2}交叉口增设红绿灯",
        content="{road}与{road2}交叉口车流量大,附近有学校,学生过马路很危险,建议增设信号灯和斑马线。",
        demands=("增设信号灯", "施划人行横道"),
        address="{district}{road}与{road2}交叉口",
        result="经交通部门会同交警勘察,已将该路口纳入信号灯建设计划。",
        reply="感谢建议,该路口已纳入信号灯建设计划。",
    ),
    # 生态环境 ----------------------------------------------------------------------------------
    Scenario(
        category="noise-night",
        kinds=("complaint",),
        title="{road}工地夜间{hour}点后仍在施工,噪音扰民",
        content=(
            "{road}附近工地连续多晚施工到夜间{hour}点以后,打桩声、运输车辆声严重影响"
            "{estate}居民休息,工地未公示夜间施工许可。"
        ),
        demands=("停止违规夜间施工", "依法查处"),
        address="{district}{road}",
        respondent="{road}项目施工单位",
        result="执法人员夜间突击检查,工地无夜间施工许可,已立案处罚并责令停止夜间施工。",
        reply="已查处违规夜间施工,执法部门将持续夜查。",
    ),
    Scenario(
        category="noise-commercial",
        kinds=("complaint",),
        title="{road}{shop}门口外放音响招揽顾客,噪音扰民",
        content="{road}{shop}每天从早到晚在门口用大功率音响播放促销广告,周边居民不堪其扰。",
        demands=("停止外放音响",),
        address="{district}{road}{shop}",
        respondent="{shop}",
        result="执法人员现场劝导,商家已撤除门口音响。",
        reply="商家已撤除外放音响。",
    ),
    Scenario(
        category="air",
        kinds=("report",),
        title="{factory}夜间偷排废气,气味刺鼻",
        content=(
            "举报人反映{district}{factory}每天夜间排放大量刺鼻废气,周边居民闭窗仍能闻到,"
            "有人出现咽喉不适。"
        ),
        demands=("查处偷排行为", "公开监测结果"),
        address="{district}{factory}",
        respondent="{factory}",
        result="生态环境部门夜间突击检查,发现废气处理设施未正常运行,已立案查处并责令整改。",
        reply="已对企业立案查处,整改期间将加密监测。",
    ),
    Scenario(
        category="water-pollution",
        kinds=("report",),
        title="{river}有企业偷排污水,河水发黑发臭",
        content="{river}{road}段近期河水发黑、有死鱼,举报人发现岸边有暗管向河内排放污水。",
        demands=("查明排污来源", "依法处罚并治理河道"),
        address="{district}{river}{road}段",
        result="执法人员溯源排查,封堵非法排污口一处,对涉事企业立案处罚。",
        reply="已查明排污来源并封堵,涉事企业已被立案处罚。",
    ),
    # 劳动就业社保 ------------------------------------------------------------------------------
    Scenario(
        category="migrant-wages",
        kinds=("help", "complaint"),
        title="{estate}项目拖欠{workers}名农民工工资",
        content=(
            "{workers}名农民工在{estate}项目做木工、钢筋工,总包单位{employer}拖欠工资共计约"
            "{wage_total}万元,临近年底工人无钱回家,情绪激动。"
        ),
        demands=("督促支付拖欠工资",),
        address="{district}{road}{estate}项目工地",
        respondent="{employer}",
        result="人社局劳动保障监察支队约谈总包单位,已从工资保证金中先行支付,工资已足额发放。",
        reply="拖欠工资已发放到位,如有遗漏请联系劳动保障监察部门。",
        collective=True,
    ),
    Scenario(
        category="wages",
        kinds=("complaint",),
        title="{employer}拖欠员工{months}个月工资",
        content="来电人在{employer}工作,公司以经营困难为由已{months}个月未发工资,离职后仍不结算。",
        demands=("支付拖欠工资", "出具离职证明"),
        address="{district}{road}{number}号",
        respondent="{employer}",
        result="劳动保障监察部门已责令公司限期支付,公司已与来电人结清工资。",
        reply="公司已结清您的工资。",
    ),
    Scenario(
        category="social-insurance",
        kinds=("consultation",),
        title="咨询灵活就业人员社保缴费标准和办理方式",
        content="来电人现为自由职业,咨询以灵活就业人员身份缴纳养老保险、医疗保险的标准和办理渠道。",
        demands=("告知缴费标准和办理渠道",),
        address="",
        result="已告知缴费基数档次、缴费比例及线上办理渠道。",
        reply="已告知灵活就业人员参保缴费标准及办理方式。",
    ),
    Scenario(
        category="social-insurance",
        kinds=("complaint", "report"),
        title="{employer}未依法为员工缴纳社会保险",
        content="来电人入职{employer}一年多,公司一直未缴纳社会保险,要求员工签署自愿放弃声明。",
        demands=("责令公司补缴社会保险",),
        address="{district}{road}{number}号",
        respondent="{employer}",
        result="经劳动保障监察,公司已为来电人办理参保登记并补缴欠费。",
        reply="公司已补缴您的社会保险。",
    ),
    Scenario(
        category="employment",
        kinds=("consultation",),
        title="咨询高校毕业生一次性求职创业补贴申领",
        content="来电人为今年应届毕业生,咨询一次性求职创业补贴的申领条件和截止时间。",
        demands=("告知申领条件",),
        address="",
        result="已告知申领条件、所需材料和线上申报入口。",
        reply="已告知补贴申领条件和办理方式。",
    ),
    # 公用事业 ----------------------------------------------------------------------------------
    Scenario(
        category="water-supply",
        kinds=("help",),
        title="{estate}突然停水且无任何通知",
        content="{estate}从今天早上开始全小区停水,供水公司和物业均未提前通知,居民生活受到严重影响。",
        demands=("尽快恢复供水", "停水前提前公告"),
        address="{district}{estate}",
        respondent="市供水集团",
        result="系主管道爆管抢修,已派送水车,供水已于当晚恢复。",
        reply="爆管已抢修完毕,供水已恢复。",
    ),
    Scenario(
        category="water-supply",
        kinds=("complaint",),
        title="{estate}自来水发黄、有异味",
        content="{estate}{building}号楼近{days}天自来水发黄,烧开后有沉淀和异味,不敢饮用。",
        demands=("检测水质", "清洗二次供水设施"),
        address="{district}{estate}{building}号楼",
        respondent="市供水集团",
        result="供水集团取样检测,对二次供水水箱进行清洗消毒,复检水质合格。",
        reply="水箱已清洗消毒,复检水质合格。",
    ),
    Scenario(
        category="power-supply",
        kinds=("help", "complaint"),
        title="{estate}近期频繁停电",
        content="{estate}本周已停电{days}次,每次数小时,家中冰箱食物变质,居家老人用氧设备受影响。",
        demands=("排查线路故障", "停电前提前通知"),
        address="{district}{estate}",
        respondent="国网市供电公司",
        result="供电公司排查发现小区变压器过载,已更换大容量变压器。",
        reply="已更换变压器,供电已恢复稳定。",
        safety=True,
    ),
    Scenario(
        category="gas-supply",
        kinds=("complaint",),
        title="燃气安检人员上门推销高价配件",
        content="自称燃气公司安检人员上门检查后称燃气软管不合格,强行推销{amount}元的配件和报警器。",
        demands=("核实人员身份", "退还费用"),
        address="{district}{estate}",
        respondent="市燃气集团",
        result="经核实系冒充人员,燃气集团已报警并在小区张贴防骗提示。",
        reply="经核实上门人员并非燃气公司员工,已报警处理,请注意防范。",
    ),
    # 机关效能 ----------------------------------------------------------------------------------
    Scenario(
        category="work-style",
        kinds=("complaint",),
        title="{office}窗口工作人员态度生硬、推诿",
        content="来电人到{office}办理{matter},窗口工作人员玩手机、态度生硬,不一次性告知所需材料。",
        demands=("对工作人员进行批评教育", "一次性告知办事材料"),
        address="{district}{office}",
        respondent="{office}窗口工作人员",
        respondent_type="person",
        official_rank="staff",
        result="经调查,窗口工作人员服务态度问题属实,已进行批评教育并扣减当月绩效。",
        reply="已对相关工作人员批评教育,感谢您的监督。",
    ),
    Scenario(
        category="buck-passing",
        kinds=("complaint",),
        title="办理{matter}在多个部门之间来回跑",
        content="来电人为办理{matter},先后到三个部门,每个部门都说不归自己管,已跑了{days}趟仍未办成。",
        demands=("明确责任部门", "尽快办结"),
        address="{district}",
        respondent="{district}相关职能部门",
        official_rank="section",
        result="经协调明确由{office}牵头办理,已为来电人办结。",
        reply="已明确牵头部门并为您办结{matter}。",
    ),
    Scenario(
        category="service-efficiency",
        kinds=("complaint",),
        title="{matter}审批超过承诺时限仍未办结",
        content="来电人于{weeks}周前提交{matter}申请,承诺时限为5个工作日,至今未办结,也无人说明原因。",
        demands=("尽快办结", "说明超时原因"),
        address="{district}{office}",
        respondent="{office}",
        official_rank="section",
        result="经督办,{office}已办结该事项,并对超时承办人员问责。",
        reply="您的{matter}已办结,对超时问题已责令整改。",
    ),
    Scenario(
        category="service-efficiency",
        kinds=("praise",),
        title="表扬{office}工作人员主动延时服务",
        content="来电人下班前赶到{office},工作人员主动延时服务一小时,帮助办完{matter},特此表扬。",
        demands=("对工作人员予以表扬",),
        address="{district}{office}",
        respondent="{office}",
        result="表扬已转达所在单位,予以通报表扬。",
        reply="您的表扬已转达。",
    ),
    # 教育 --------------------------------------------------------------------------------------
    Scenario(
        category="enrollment",
        kinds=("consultation",),
        title="咨询适龄儿童入学报名材料",
        content="来电人孩子明年上小学,户籍在外地,咨询随迁子女入学需要的材料和报名时间。",
        demands=("告知材料和时间",),
        address="",
        result="已告知随迁子女入学材料清单及报名时间安排。",
        reply="已告知入学报名材料和时间。",
    ),
    Scenario(
        category="training",
        kinds=("report",),
        title="{training}违规开展学科类校外培训",
        content="举报人反映{training}在{road}写字楼内以托管名义开展小学语数英培训,周末上课。",
        demands=("查处违规培训",),
        address="{district}{road}{number}号",
        respondent="{training}",
        result="教育部门联合执法检查,责令停止违规培训并退还预收费用。",
        reply="已责令停止违规培训。",
    ),
    # 医疗卫生 ----------------------------------------------------------------------------------
    Scenario(
        category="hospital",
        kinds=("complaint",),
        title="{hospital}挂号难、候诊时间过长",
        content="来电人在{hospital}看专家门诊,线上号源上线即被抢光,现场候诊超过三小时。",
        demands=("增加号源", "打击号贩子"),
        address="{hospital}",
        respondent="{hospital}",
        result="医院已增加专家门诊号源并实行实名制预约。",
        reply="医院已增加号源并实行实名预约。",
    ),
    Scenario(
        category="hospital",
        kinds=("praise",),
        title="表扬{hospital}医护人员耐心细致",
        content="来电人父亲在{hospital}住院期间,医护人员耐心细致、日夜守护,家属特来电表示感谢。",
        demands=("转达感谢",),
        address="{hospital}",
        respondent="{hospital}",
        result="已将表扬转达医院。",
        reply="您的感谢已转达医院。",
    ),
    Scenario(
        category="medical-fees",
        kinds=("complaint",),
        title="{hospital}重复收取检查费用",
        content="来电人在{hospital}的费用清单中发现同一项检查被收费两次,共多收{amount}元。",
        demands=("退还多收费用",),
        address="{hospital}",
        respondent="{hospital}",
        result="医院核查后确认系系统重复计费,已退还多收费用。",
        reply="多收的费用已退还。",
    ),
    # 城市管理 ----------------------------------------------------------------------------------
    Scenario(
        category="street-vendors",
        kinds=("complaint",),
        title="{road}夜市占道经营,堵塞消防通道",
        content="{road}每天晚上摊贩占道经营到深夜,堵塞{estate}消防通道,油烟噪音扰民。",
        demands=("规范夜市经营", "保持消防通道畅通"),
        address="{district}{road}",
        result="城管部门已划定摊点范围,清理占用消防通道的摊位。",
        reply="已规范夜市摊点,消防通道已清理。",
    ),
    Scenario(
        category="illegal-building",
        kinds=("report",),
        title="{estate}{building}号楼顶层住户违法搭建",
        content="{estate}{building}号楼顶层住户在楼顶搭建彩钢房,造成楼下渗水,且存在安全隐患。",
        demands=("拆除违法建筑",),
        address="{district}{estate}{building}号楼",
        respondent="{building}号楼顶层住户",
        respondent_type="person",
        result="执法部门已下达限期拆除通知书,违建已拆除。",
        reply="违法建筑已拆除。",
    ),
    Scenario(
        category="sanitation",
        kinds=("complaint",),
        title="{estate}周边垃圾清运不及时",
        content="{estate}门口垃圾桶已满溢{days}天无人清运,天气转暖后异味严重、蚊蝇滋生。",
        demands=("及时清运垃圾",),
        address="{district}{estate}",
        result="环卫部门已清运积存垃圾,并增加清运频次。",
        reply="垃圾已清运,清运频次已增加。",
    ),
)

# Matters outside the centre's remit: referred to the authority that can handle them (引导).
REFERRALS: tuple[tuple[Scenario, str], ...] = (
    (
        Scenario(
            category="other",
            kinds=("complaint",),
            title="对法院民事判决不服,要求改判",
            content="来电人对{district}人民法院作出的房屋买卖合同纠纷判决不服,要求12345改判。",
            demands=("改判",),
            address="",
            result="",
            reply="",
        ),
        "市中级人民法院(依法上诉或申请再审)",
    ),
    (
        Scenario(
            category="other",
            kinds=("report",),
            title="邻居酒后寻衅滋事,要求处理",
            content="来电人称邻居{person}酒后多次辱骂、踢门,昨晚发生推搡,要求处理。",
            demands=("依法处理",),
            address="{district}{estate}",
            result="",
            reply="",
        ),
        "{district}公安分局",
    ),
    (
        Scenario(
            category="other",
            kinds=("report",),
            title="举报某公职人员收受管理服务对象财物",
            content="举报人反映某局工作人员在审批过程中收受企业购物卡。",
            demands=("调查处理",),
            address="",
            result="",
            reply="",
        ),
        "市纪委监委信访室",
    ),
    (
        Scenario(
            category="other",
            kinds=("complaint",),
            title="民间借贷纠纷,借款人拒不还款",
            content="来电人借给朋友{person}{amount}元至今未还,要求政府帮助追讨。",
            demands=("帮助追讨欠款",),
            address="",
            result="",
            reply="",
        ),
        "{district}人民法院(民事诉讼)",
    ),
)

# --- what staff write along the way ----------------------------------------------------------

DISPATCH_NOTES = (
    "请依职责核实处理,按期反馈。",
    "请尽快核实,并与诉求人联系。",
    "涉及群众切身利益,请认真办理。",
    "",
)
SIGNOFF_NOTES = ("同意转办,请承办单位高度重视。", "同意。", "请从速办理,主任已阅。")
SIGNOFF_REFUSALS = ("转办单位不准确,请重新研判后派单。", "请先核实诉求人身份后再派单。")
EXTENSION_REASONS = (
    "需要现场勘查并委托第三方检测,申请延期。",
    "涉及多个部门协调,需召开联席会议。",
    "当事人外出,暂无法核实情况。",
    "需等待司法鉴定结果。",
)
REVIEW_REFUSALS = (
    "反馈内容未回应诉求人的全部诉求,请补充。",
    "未附现场核查材料,请重办。",
    "处理结果与事实不符,请重新核实。",
)
RETURN_REASONS = ("not_our_duty", "wrong_address", "insufficient_information")
REJECT_REASONS = ("in_litigation", "already_handled", "no_substance", "out_of_scope")
SUSPEND_REASONS = (
    "诉求人住院治疗,暂时无法配合调查,中止办理。",
    "案件进入仲裁程序,待仲裁结果后恢复。",
    "需等待上级部门政策答复。",
)
WITHDRAW_REASONS = (
    "诉求人来电表示问题已自行协商解决,申请撤诉。",
    "诉求人表示不再追究。",
    "双方已达成和解。",
)
REOPEN_REASONS = ("诉求人补充了新的事实和证据。", "经复核,原不予受理理由不成立。")
DECISION_NOTES = ("经研究,该件已依法依规办理到位,予以办结。", "诉求超出政策范围,作办结处理。")
CALLBACK_NOTES = {
    "satisfied": ("诉求人对处理结果表示满意。", "满意,问题已解决。"),
    "basically_satisfied": ("基本满意,希望后续加强管理。",),
    "dissatisfied": ("诉求人表示问题未实际解决,不满意。", "对处理结果不认可。"),
    "unreachable": ("三次回访均无人接听。",),
}
