"""Cross-site scripting payloads pushed through every field that reaches a page.

Each payload, were it to run, calls `alert()` or sets `window.__xss`; the browser test
counts both. Sources: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS
cheat sheet (event handlers, mutation XSS) and Markdown-specific link and image
forms. Kept on one line each: titles and display names are one line.
"""

XSS_PAYLOADS = [
    # Script elements.
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>window.__xss=1</sCrIpT>",
    "<script src=data:text/javascript,alert(1)></script>",
    "<script>/*</script><script>alert(1)//*/</script>",
    "<<script>alert(1);//<</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    '<img src="x" onerror="window.__xss=1">',
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    "<img/src=x/onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)//",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<div onmouseover="alert(1)" style="position:fixed;inset:0">x</div>',
    "<a onfocus=alert(1) autofocus href=#>x</a>",
    '"onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    # javascript: URLs, in HTML and in Markdown links and images.
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](  javascript:alert(1)  )",
    "[click](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '![x](https://example.org/x.png"onerror="alert(1))',
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    # SVG and MathML.
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href=javascript:alert(1)><text x=20 y=20>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Frames, objects and srcdoc.
    '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    "<iframe srcdoc='&lt;img src=x onerror=parent.alert(1)&gt;'></iframe>",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # Mutation XSS: markup that changes meaning when the parser re-serialises it.
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<math><mi><table><mi><style><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    '<a title="`"><img src=x onerror=alert(1)>`">',
    # Entity-encoded and mixed forms that must stay text.
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    # CSS expressions and style.
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel=stylesheet href="javascript:alert(1)">',
    # Template injection: must print as typed, never be evaluated.
    "{{ 7|add:7 }} {{ request.user.password }}",
    "{% debug %}{% load static %}",
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)}",
]
