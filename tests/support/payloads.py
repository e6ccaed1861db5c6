"""Raw HTML that tries to run script or load a payload URL from a report page (written by us).

Each entry is (payload, text that must stay visible). A payload that fires calls
``alert(1)`` (a dialog) or loads something from ``http://payload.invalid/`` (a request),
so the browser test can see it; no ordinary link of a report points there.
``assert_inert`` judges HTML that went through the sanitiser, whose serialiser (html5ever)
escapes ``<`` and ``>`` in text and in attribute values: every ``<`` that is left opens a
real element, so a plain scan of the tags reads what a browser reads.
"""

from __future__ import annotations

import html
import json
import re

from mkdocs_report_plugin.output.page_ids import is_theme_id
from support.projects import good_answer, valid_report

PAYLOAD_HOST = "payload.invalid"

PAYLOADS: list[tuple[str, str]] = [
    # issue 18: comment and CDATA ends that browsers read otherwise than Python's html.parser
    ("<!--><img src=x onerror=alert(1)>-->", "-->"),
    ("<![CDATA[><img src=x onerror=alert(1)>]]>", "]]>"),
    # issue 18: an SVG animation that turns a link's target into javascript:
    (
        '<svg><a><animate attributeName="href" values="x;javascript:alert(1)"/><text x="10" y="20">svg link</text></a>'
        "</svg>",
        "svg link",
    ),
    (
        '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text x="10" y="20">set link</text></a></svg>',
        "set link",
    ),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<img src=x onerror=alert(1)>", 'onerror="alert(1)"'),
    ('<a href="javascript:alert(1)">js link</a>', "js link"),
    ("[markdown link](javascript:alert(1))", "markdown link"),
    ('<a href=" jav&#x09;ascript:alert(1)">tab link</a>', "tab link"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data link</a>', "data link"),
    ('<a href="vbscript:msgbox(1)">vb link</a>', "vb link"),
    ('<a href="#top" onclick="alert(1)">hash link</a>', "hash link"),
    ('<iframe src="javascript:alert(1)"></iframe>', "<iframe"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe"),
    (f'<object data="http://{PAYLOAD_HOST}/object"></object>', "<object"),
    (f'<embed src="http://{PAYLOAD_HOST}/embed">', "<embed"),
    (f'<base href="http://{PAYLOAD_HOST}/base/">', "<base"),
    (f'<meta http-equiv="refresh" content="0;url=http://{PAYLOAD_HOST}/meta">', "<meta"),
    (f'<link rel="stylesheet" href="http://{PAYLOAD_HOST}/link.css">', "<link"),
    (f"<style>@import url(http://{PAYLOAD_HOST}/style.css);</style>", "@import"),
    (
        f'<span style="background-image:url(http://{PAYLOAD_HOST}/style-attribute.png)">styled text</span>',
        "styled text",
    ),
    (f'<img src="x.png" alt="set" srcset="http://{PAYLOAD_HOST}/srcset.png 1x">', ""),
    (f'<video poster="http://{PAYLOAD_HOST}/poster.png"></video>', ""),
    ('<form action="javascript:alert(1)"><button>send form</button></form>', "send form"),
    ('<button formaction="javascript:alert(1)">lone button</button>', "lone button"),
    ("<details open ontoggle=alert(1)><summary>toggle me</summary>inside</details>", "toggle me"),
    ("<input autofocus onfocus=alert(1)>", 'onfocus="alert(1)"'),
    ('<svg onload=alert(1)><circle r="5"/></svg>', 'onload="alert(1)"'),
    ("<svg><script>alert(1)</script></svg>", "alert(1)"),
    (f'<svg><use href="http://{PAYLOAD_HOST}/use.svg#a"/></svg>', "<use"),
    (f'<svg><image href="http://{PAYLOAD_HOST}/svg-image.png"/></svg>', "<image"),
    ("<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>", 'onerror="alert(1)"'),
    (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<math>",
    ),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "<noscript>"),
    ("<template><img src=x onerror=alert(1)></template>", "<template>"),
]

CONFIG_JSON = json.dumps(
    {
        "base": f"http://{PAYLOAD_HOST}/config/",
        "features": ["content.tooltips"],
        "search": f"http://{PAYLOAD_HOST}/worker.js",
        "tags": {},
        "translations": {},
        "version": {"provider": "mike"},
    }
)
"""Material's settings as a student would forge them: read as the theme's, the version selector fetches
``http://payload.invalid/versions.json`` and shows it as HTML (issue 23)."""

CLOBBERING: list[tuple[str, str]] = [
    (f'<div id="__config">{CONFIG_JSON}</div>', "raw HTML with the id of Material's settings"),
    (f"{CONFIG_JSON}\n{{: #__config }}", "attr_list's id on a paragraph"),
    ("#### Our settings {#__config}", "attr_list's id on a heading"),
    ("#### __search", "a heading whose toc id is a theme's"),
    ("#### Search", "a heading whose toc id is the mkdocs theme's"),
    ('<p><a name="__drawer">named anchor</a> <input type="checkbox" name="__palette"></p>', "names"),
    ('<p title="&lt;img src=x onerror=alert(1)&gt;">titled block</p>', "a title, which tooltips show as HTML"),
    ('[titled link](https://example.org "&lt;img src=x onerror=alert(1)&gt;")', "a markdown link's title"),
    ("#### Heading <!--><img src=x onerror=alert(1)>-->", "a heading the table of contents shows"),
    ('#### Labelled {data-toc-label="<img src=x onerror=alert(1)>"}', "a label of the table of contents"),
]
"""Markdown that tries to pass for the theme's own elements or to be shown as HTML by its scripts (issue 23):
each on lines of its own, in an answer."""

_FORBIDDEN_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "math",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "use",
    "image",
    "foreignobject",
    "video",
    "audio",
    "source",
}
_FORBIDDEN_ATTRIBUTES = {
    "srcdoc",
    "srcset",
    "formaction",
    "action",
    "poster",
    "background",
    "xlink:href",
    "data",
    "ping",
    "values",
    "to",
    "from",
    "by",
    "attributename",
}
_URL_ATTRIBUTES = {"href", "src", "cite"}
_TEXT_ATTRIBUTES = {"alt", "title", "class", "id"}
"""Attributes a browser only shows or matches, never loads: our decoration quotes student text in them."""
_NAMING_ATTRIBUTES = {"id", "name", "for"}
_TAG_START = re.compile(r"<[a-zA-Z/!?]")
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)([^>]*)>")
_ATTRIBUTE = re.compile(r'([^\s=/"]+)(?:="([^"]*)")?')


def assert_inert(markup: str) -> None:
    """No element or attribute in ``markup`` that runs script or loads a payload URL by itself, no id or name a
    theme looks up (``__config``), no ``title`` that a theme's tooltip would read as HTML (issue 23)."""
    for tag in _TAG.finditer(markup):
        name = tag[1].lower()
        assert name not in _FORBIDDEN_ELEMENTS, tag[0]
        for attribute, raw in _ATTRIBUTE.findall(tag[2]):
            attribute, value = attribute.lower(), html.unescape(raw)
            squashed = "".join(char for char in value if char > " ").lower()
            assert not attribute.startswith("on") and attribute not in _FORBIDDEN_ATTRIBUTES, tag[0]
            assert attribute not in _NAMING_ATTRIBUTES or not is_theme_id(value), f"a theme's id: {tag[0]}"
            assert attribute != "title" or not _TAG_START.search(value), f"a title that is HTML: {tag[0]}"
            if attribute in _TEXT_ATTRIBUTES or attribute.startswith("aria-"):
                continue  # quoted text, escaped: a payload's URL in it loads nothing
            assert PAYLOAD_HOST not in squashed and "url(" not in squashed, tag[0]
            if attribute in _URL_ATTRIBUTES:
                assert not squashed.startswith(("javascript:", "vbscript:", "data:")) or (
                    name == "img" and squashed.startswith("data:image/")
                ), tag[0]


def visible_text(markup: str) -> str:
    """The text a reader sees: the markup without its tags, entities read."""
    return html.unescape(_TAG.sub("", re.sub(r"</[^>]*>", "", markup)))


def report_with_every_payload() -> str:
    """A passing report with each payload in an answer, a checklist item and a question's heading."""
    answers = {number: good_answer(number) for number in range(1, 32)}
    for index, (payload, _) in enumerate(PAYLOADS):
        number = index % 31 + 1
        answers[number] += f"\n\nRaw HTML {index}: {payload} after payload {index}."
    text = valid_report(answers)
    checklist = "\n".join(f"* [ ] Item {index}: {payload}" for index, (payload, _) in enumerate(PAYLOADS))
    text = text.replace("* [ ] Use profiling to optimize the code (M12)", checklist)
    headings: dict[int, str] = {}
    for index, (payload, _) in enumerate(PAYLOADS):
        headings[index % 31 + 1] = headings.get(index % 31 + 1, "") + f" {payload}"
    for number, payloads in headings.items():
        text = text.replace(f"\n### Question {number}\n", f"\n### Question {number}{payloads}\n", 1)
    return text
