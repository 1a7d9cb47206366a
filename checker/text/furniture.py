"""Web-page furniture around a report's body: find it, strip it, and keep what it says.

Pages saved as text carry the site around the body, on lines of their own or on the same line as
the body: site names and menus, breadcrumbs (``当前位置：首页>政务公开>…``), the disclosure table of
government information (``索引号 主题分类 发文机关 成文日期 标题 发文字号 发布日期 有效性``, with or
without colons, spaced or bracketed labels), ``来源``/``发布时间``/``浏览次数`` lines, font, print
and share controls, login prompts, attachment names, footers, template leftovers (``-->``).

``strip`` takes one normalized line and returns where its body starts and ends, and the fields
found (``标题``, ``发文机关``, ``成文日期``…), which the metadata reader uses as the title, the issuer
and the date when the text itself has none. A line that is furniture throughout has an empty body.
Furniture is looked for only at the start and at the end of a line, item by item, and an item must
end where the original line had a space, a separator, another item or the line's end, so a body
line that merely begins with 政务服务 or 时间 keeps its words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick

from checker.text.lazy_re import lazy

_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_MONTH = r"(?:1[0-2]|0?[1-9])"
DATE_VALUE = (
    rf"20\d\d ?(?:[-/.] ?{_MONTH} ?[-/.] ?{_DAY}|年 ?{_MONTH} ?月 ?{_DAY} ?日)(?: ?\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
)
_DATE_PARTS = lazy(rf"(20\d\d) ?[-/.年] ?({_MONTH}) ?[-/.月] ?({_DAY})")

# disclosure and page labels, by the shape of their value
_LABELS = {
    "id": ("索引号", "信息索引号"),
    "org": ("发文机关", "发布机构", "发文单位", "发布单位", "成文单位", "制发机构", "所属机构", "信息来源", "文章来源",
            "来源", "作者", "编辑", "责任编辑", "发布人", "供稿", "源自"),
    "date": ("成文日期", "发文日期", "发布日期", "生效日期", "发布时间", "更新时间", "生成日期", "印发日期", "公开日期",
             "时间", "日期"),
    "title": ("标题", "名称", "文件名称", "信息名称"),
    "number": ("发文字号", "文号"),
    "validity": ("有效性", "时效性", "是否有效", "效力状态"),
    "class": ("主题分类", "体裁分类", "组配分类", "服务对象分类", "服务对象", "信息分类", "分类", "主题词", "关键词",
              "公开方式", "公开范围", "信息类别"),
    "count": ("浏览次数", "阅读次数", "访问次数", "访问量", "点击率", "点击数", "点击", "阅读人次", "阅读量", "浏览量",
              "浏览"),
}  # fmt: skip
LABEL_KIND = {label: kind for kind, labels in _LABELS.items() for label in labels}
_ANY_LABEL = "|".join(" ?".join(label) for label in sorted(LABEL_KIND, key=len, reverse=True))
# a label ends with a closing bracket, a colon or a space: a body line beginning 时间紧 is not one
_LABEL = lazy(
    rf"(?:[\[【] ?)?(?P<label>{_ANY_LABEL})(?: ?[\]】] ?[:：]? ?| ?[:：] ?| |$|(?=(?:{_ANY_LABEL}) ?[:：]?))(?:\| ?)?"
)
_NEXT = rf"(?= |\||$|(?:[\[【] ?)?(?:{_ANY_LABEL})(?: ?[\]】]| ?[:：]| ))"
_BODY = r"(?=20\d\d年|关于|现将|今年以来|一年来|[一二三四五六七八九十]、)"
_VALUE = {
    "id": lazy(rf"[0-9A-Za-z][0-9A-Za-z/\-_.·—]{{3,60}}{_NEXT}"),
    "org": lazy(rf"[^ |:：]{{1,40}}?(?:{_NEXT}|{_BODY})"),
    "date": lazy(DATE_VALUE),
    "title": lazy(rf"[^ |]{{2,80}}?(?:报告|总结|年报|情况|要点)(?:\.docx?)?(?:{_NEXT}|{_BODY})"),
    "number": lazy(rf"(?:[^ |]{{0,20}}?[〔\[(]\d{{4}}[〕\])]\d+号|无|—|-|/){_NEXT}"),
    "validity": lazy(rf"(?:现行有效|部分有效|有效|无效|失效|已失效|废止|是|否|—|-){_NEXT}"),
    "class": lazy(rf"[^ |:：]{{1,30}}?{_NEXT}"),
    "count": re.compile(r"(?:\[ ?\]|\d+?(?=20\d\d年)|\d+ ?次?|-|—)"),  # 阅读次数：247 glued to 2019年…
}

_NAV_TEXT = (
    "设为首页 加入收藏 收藏本站 长辈版 长者模式 关怀版 适老化 适老化服务 "
    "无障碍 无障碍浏览 无障碍阅读 网站地图 English ENGLISH 繁體 繁体 "
    "简体 智能问答 返回顶部 登录 注册 退出 搜索 首頁 "
    "首页 政务公开 政府信息公开 信息公开 政务服务 互动交流 政民互动 新闻中心 "
    "新闻动态 办事服务 公众参与 专题专栏 数据开放 网上办事 通知公告 工作动态 "
    "政策文件 政策解读 法规文件 要闻动态 "
)
_NAV_WORDS = frozenset(_NAV_TEXT.split())  # the words of site menus
_WIDGET = lazy(
    r"【? ?字 ?[体号](?:大小)? ?[:：]? ?(?:[【\[] ?(?:[大中小] ?)*[】\]]|(?:[大中小] ?)+)?】?"
    r"|分享到? ?[:：]?|微信|微博|QQ空间|QQ|朋友圈|腾讯微博|新浪微博"
    r"|[【\[] ?(?:打印本页|打印|关闭窗口|关闭|纠错|收藏|返回顶部|返回|保存|我要打印|我要纠错) ?[】\]]"
    r"|(?:[【\[][大中小][】\]] ?){2,3}"
    r"|打印本页|关闭窗口|打印|关闭|视力保护色 ?[:：]?"
    r"|扫一扫在手机(?:上)?(?:打开|浏览|阅读)(?:当前页|本页|本文)?|(?:用手机扫|手机扫描|微信扫一扫)[^ ]{0,20}"
    r"|(?:账号|手机|用户名|短信)\+?(?:密码|验证码)登录|还没有账号\??|立即注册|忘记密码\??"
    r"|今天是 ?[:：]? ?20\d\d年\d{1,2}月\d{1,2}日 ?(?:星期[一二三四五六日天])?(?: ?农历[^ ]{2,8})?"
    r"|20\d\d年\d{1,2}月\d{1,2}日 ?星期[一二三四五六日天](?: ?农历[^ ]{2,8})?"
    r"|附件(?:下载)? ?[:：]?(?: ?[^ ]{1,60}?\.(?:docx?|pdf|wps|xlsx?|zip|rar|ofd|et))+"
    r"|(?:网站|政府网站)?(?:主办单位|主办|承办单位|承办|维护单位|技术支持|备案号|相关链接|相关阅读|上一篇|下一篇)"
    r" ?[:：].*$"
    r"|(?:版权所有|Copyright|©|[\u4e00-\u9fff]?ICP备|(?:政府)?网站标识码|公网安备|上一篇|下一篇).*$"
    r"|[\u4e00-\u9fff]{1,8}[〔\[]20\d\d[〕\]]\d{1,4}号|[-—] ?\d{1,3} ?[-—]|第\d{1,3}页(?:共\d{1,3}页)?"
    r"|<!--.{0,40}?-->|-->|<!--|\|+|[•·●▪◆◇■□►▶※]+|[>»]+",
    re.IGNORECASE,
)
_CRUMB = r"(?:(?!20\d\d年)[^ >»→|\-]){1,16}"  # a column's name: short, and no year (a title's is not a crumb)
_WHERE = r"(?:您当前所在的?位置|您当前的位置|您所在的位置|您的位置|当前位置|所在位置) ?[:：]? ?"
_ARROW = r" ?(?:>>?|»|→) ?"
_BREADCRUMB = lazy(rf"{_WHERE}(?:{_CRUMB}(?:{_ARROW}{_CRUMB})*)?|{_CRUMB}(?:{_ARROW}{_CRUMB})+")
# a breadcrumb glued to what follows it ends with a column's name: …>通知公告河湾片区…
_CRUMBS_BEFORE_LAST = lazy(rf"(?:{_WHERE})?(?:[^ >»→|]{{1,20}}{_ARROW})+")
_COLUMN_END = lazy(
    r"公开内容|报告|公告|动态|专栏|专题|文件|建设|信息|要闻|工作|总结|之窗|街道|乡镇|部门|资讯|栏目|公开|正文|详情"
)
_DOC_NUMBER = lazy(r"[\u4e00-\u9fff]{1,8}[〔\[]20\d\d[〕\]]\d{1,4}号")
_SITE_GLUED = lazy(r"[\u4e00-\u9fff]{2,20}?(?:人民政府门户网站|人民政府网站|人民政府网|政府门户网站|门户网站|政府网)")
_TOKEN = lazy(r"[^ |]+")
_GLUED_NAV = lazy(r"走进[\u4e00-\u9fff]{2,4}|" + "|".join(sorted(_NAV_WORDS, key=len, reverse=True)))
_TITLE_START = lazy(
    r"[\u4e00-\u9fff]{2,30}?(?:关于)?20\d\d年度?[\u4e00-\u9fff]{0,12}法治|[\u4e00-\u9fff]{2,20}法治政府建设"
)
_SITE = lazy(r"[\u4e00-\u9fff]{2,20}(?:人民政府|政府|门户网站|网站|网)$")
# A line may hold furniture when one of these stands near its start (or, below, its end). Field labels
# are ordinary words of a report's prose (行政机关, 备案审查, 时间节点), so they count only with their
# colon or a date after them (发文机关：, 发布时间2024-01-05); the rest never appear in prose.
_LABEL_WORDS = r"(?:索引|来源|发布|时间|日期|字[体号]|文号|机关|机构|分类|标题|有效|附件|浏览|点击|阅读)"
_LABELLED = rf"{_LABEL_WORDS}[^，。；,;]{{0,6}}?(?:[:：]|(?=20\d\d))"
_FURNITURE_WORDS = (
    r"位置|首[页頁]|>|»|打印|关闭|分享|微信|主办|承办|版权|备案号|备案序号|ICP|公网安备|标识码|扫一扫|上一篇|下一篇|-->|\|"
    r"|无障碍|长者|长辈|设为|收藏|登录|注册|账号|今天是|星期|[•·●▪◆◇■□►▶※]"
)
# a line that opens with a disclosure table's label (发文机关岚桥区人民政府, 成文日期2025-03-18)
_FIELD_START = (
    "^(?:" + "|".join(sorted((label for label in LABEL_KIND if len(label) >= 3), key=len, reverse=True)) + ")"
)
_TRIGGER = lazy(rf"{_LABELLED}|{_FURNITURE_WORDS}|[〔\[]20\d\d[〕\]]\d+号|{_FIELD_START}")
_TAIL_TRIGGER = lazy(rf"{_LABELLED}|{_FURNITURE_WORDS}|- ?\d{{1,3}} ?-")
# Every alternative of the two triggers begins with one of these: one Aho-Corasick pass over a line
# finds the few lines worth the regular expressions (a line of prose costs a fraction of a regex scan).
_TRIGGER_WORDS = (
    "位置/首页/首頁/>/»/索引/来源/发布/时间/日期/字体/字号/打印/关闭/分享/微信/浏览/点击/阅读/附件"
    "/主办/承办/版权/备案/ICP/标识码/扫一扫/上一篇/下一篇/-/|/无障碍/长者/长辈/设为/收藏/登录/注册/账号/今天是"
    "/星期/文号/机关/机构/分类/标题/有效/公网/•/·/●/▪/◆/◇/■/□/►/▶/※/〔/["
)
_TRIGGER_STARTS = AhoCorasick([*_TRIGGER_WORDS.split("/"), *(label for label in LABEL_KIND if len(label) >= 3)])


def _triggered(text: str) -> tuple[bool, bool]:
    """Whether furniture may start the line, and whether it may end it (a trigger in either window)."""
    starts = _TRIGGER_STARTS.find_matches_as_indexes(text)
    if not starts:
        return False, False
    tail_from = max(0, len(text) - _TAIL_WINDOW)
    head = any(start < _HEAD_WINDOW for _, start, _ in starts) and bool(_TRIGGER.search(text, 0, _HEAD_WINDOW))
    tail = any(end > tail_from for _, _, end in starts) and bool(_TAIL_TRIGGER.search(text, tail_from))
    return head, tail


# where furniture at the end of a line may begin: after a space or a sentence, or at a widget's first word
_TAIL_START = lazy(
    r"(?<= )\S|(?<=[。；;！!？?”\"）)】\]])\S|[【\[<|•\-—]|打印|关闭|分享|扫一扫|(?:网站|政府网站)?(?:主办|承办)|版权"
    r"|备案|上一篇|下一篇|附件|(?:账号|手机|用户名|短信)\+?(?:密码|验证码)|还没有账号|立即注册|忘记密码|来源|发布|浏览|字[体号]"
    r"|微信|编辑"
)
_HEAD_WINDOW = 80
_TAIL_WINDOW = 400
_SEPARATORS = " |/>»"


class Furniture(NamedTuple):
    """Where a line's body lies in its normalized text, and the page fields found on the line.

    ``dangling`` is the label of a field whose value was left for the next line (``• 索引号``).
    """

    start: int
    end: int
    fields: tuple[tuple[str, str], ...] = ()
    dangling: str | None = None


def spaced_text(text: str, offsets: tuple[int, ...] | None) -> tuple[str, list[int]]:
    """The normalized text with one space wherever the original line had whitespace, and the place
    of each of its positions in the normalized text (a space maps to the character after it)."""
    if not offsets:
        return text, list(range(len(text) + 1))
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if i and offsets[i] > offsets[i - 1] + 1:
            chars.append(" ")
            where.append(i)
        chars.append(ch)
        where.append(i)
    where.append(len(text))
    return "".join(chars), where


def _field(text: str, pos: int) -> tuple[int, str, str | None] | None:
    """A page field at ``pos``: where it ends, its label and its value (None when it has none)."""
    label = _LABEL.match(text, pos)
    if label is None:
        return None
    name = label.group("label").replace(" ", "")
    value = _VALUE[LABEL_KIND[name]].match(text, label.end())
    if value is not None and value.end() > label.end():
        return value.end(), name, value.group(0).strip()
    rest = label.end()
    if rest >= len(text) or text[rest - 1] == " " or text[rest] in " |" or _LABEL.match(text, rest):
        return rest, name, None  # a label with no value (发文字号：, 浏览次数：)
    return None


def _ends_cleanly(text: str, end: int) -> bool:
    return end >= len(text) or text[end] in _SEPARATORS or text[end - 1] in "】]|>»:："


def _menu(text: str, pos: int) -> int:
    """The end of a run of menu words (首页 | 政务公开 | 政务服务…); ``pos`` when there is none.

    Short unknown words between ``|`` separators belong to the menu; a menu word glued to the
    next furniture item (走进杉洲当前位置:…) ends the run there.
    """
    end, known, last = pos, 0, pos
    for token in _TOKEN.finditer(text, pos):
        if text[end : token.start()].strip(" |") or token.start() - end > 3:
            break
        word = token.group(0)
        glued = _GLUED_NAV.match(word)
        if word in _NAV_WORDS or (glued and glued.end() == len(word)):
            known += 1
        elif glued and _glued_next(text, token.start() + glued.end()):
            return token.start() + glued.end()
        elif not (len(word) <= 6 and text[token.end() : token.end() + 2].strip().startswith("|")):
            break
        end = token.end()
        if known:
            last = end
    return last if known else pos


def _item(text: str, pos: int) -> tuple[int, str | None, str | None] | None:
    """The furniture item at ``pos``: its end, and the field label and value when it is a field."""
    field = _field(text, pos)
    if field is not None:
        return field
    crumb = _BREADCRUMB.match(text, pos)
    if crumb and crumb.end() > pos:  # its last crumb may run into a spaced label (…年度报告索 引 号)
        end = next((p for p in range(pos + 1, crumb.end()) if text[p - 1] != " " and _field(text, p)), crumb.end())
        if _ends_cleanly(text, end) or (end < crumb.end() and _item(text, end)):
            return end, None, None
    widget = _WIDGET.match(text, pos)
    if widget and widget.end() > pos and (_ends_cleanly(text, widget.end()) or _item(text, widget.end())):
        return widget.end(), None, None
    for pattern in (_SITE_GLUED, _DOC_NUMBER):  # glued to what follows: only before more furniture or a title
        match = pattern.match(text, pos)
        if match and match.end() < len(text) and _glued_next(text, match.end()):
            return match.end(), None, None
    crumbs = _CRUMBS_BEFORE_LAST.match(text, pos)
    if crumbs is not None:  # a breadcrumb glued to a title or a field: its last crumb ends with a column's name
        for column in _COLUMN_END.finditer(text, crumbs.end(), crumbs.end() + 20):
            end = column.end()  # 工作动态高岭镇…: not after 工作, since 动态 still ends the column's name
            if end < len(text) and not _COLUMN_END.match(text, end) and _glued_next(text, end):
                return end, None, None

    menu = _menu(text, pos)
    return (menu, None, None) if menu > pos else None


def _glued_next(text: str, pos: int) -> bool:
    """Whether what follows a glued site name or breadcrumb reads as more furniture or a report's start."""
    return _item(text, pos) is not None or bool(_TITLE_START.match(text, pos))


def _consume(text: str, pos: int, fields: list[tuple[str, str | None]]) -> int:
    """Consume furniture items from ``pos`` while there are any; return where they stop.

    A label without a value is recorded with None.
    """
    while pos < len(text):
        while pos < len(text) and text[pos] == " ":
            pos += 1
        item = _item(text, pos) if pos < len(text) else None
        if item is None:
            site = _TOKEN.match(text, pos)
            if site is None or not _SITE.match(site.group(0)) or _item(text, site.end() + 1) is None:
                break
            item = (site.end(), None, None)  # a site name before its menu, clock or breadcrumb
        end, label, value = item
        if label:
            fields.append((label, value))
        pos = end
    return pos


def _tail(text: str, start: int, fields: list[tuple[str, str | None]]) -> int:
    """Where the furniture at the end of the line begins (the line's length when there is none)."""
    first = max(start, len(text) - _TAIL_WINDOW)
    for match in _TAIL_START.finditer(text, first):
        pos = match.start()
        if pos <= start or _item(text, pos) is None:
            continue
        found: list[tuple[str, str | None]] = []
        if _consume(text, pos, found) >= len(text):
            fields.extend(found)
            return pos
    return len(text)


def strip(text: str, offsets: tuple[int, ...] | None = None) -> Furniture:
    """Find the furniture at the start and at the end of one normalized line (see the module docstring)."""
    if not text or not any(_triggered(text)):
        return Furniture(0, len(text))
    spaced, where = spaced_text(text, offsets)
    fields: list[tuple[str, str | None]] = []
    start = _consume(spaced, 0, fields)
    end = _tail(spaced, start, fields) if start < len(spaced) else start
    while end > start and spaced[end - 1] == " ":
        end -= 1
    dangling = fields[-1][0] if fields and fields[-1][1] is None and end == start else None
    found = tuple((label, value) for label, value in fields if value)
    return Furniture(where[start], where[end], found, dangling)


def field_date(value: str) -> tuple[int, int, int] | None:
    """The year, month and day of a page date value (``2024-01-05 16:47``, ``2024年01月05日``)."""
    match = _DATE_PARTS.search(value)
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
