"""Markdown study notes to safe HTML. Pure Python (no Django), so it is tested on its own.

markdown-it's js-default preset refuses raw HTML and unsafe link schemes; nh3 then sanitises the
result again with an allow-list, so a hostile note cannot inject script, style or event handlers.
"""

import html as html_lib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

INTERNAL_LINK = re.compile(r"^/notes/(?P<slug>[a-z0-9-]+)/?(?P<fragment>#[\w-]*)?$")
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
    "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "span", "s", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "span": {"class"},
    "code": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
}
_formatter = HtmlFormatter(nowrap=True)


@dataclass(frozen=True)
class RenderedNote:
    html: str
    toc: tuple[tuple[str, str], ...]  # (anchor id, heading text) for each ## heading
    text: str  # plain text, for search
    internal_links: frozenset[str]  # slugs of the notes it links to


def anchor_for(heading: str) -> str:
    """An ASCII id for a heading: "Exemple commenté" -> "exemple-commente"."""
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def _highlight(code: str, language: str, _attrs) -> str:
    try:
        lexer = get_lexer_by_name(language or "text")
    except ClassNotFound:
        return ""  # markdown-it escapes the code itself
    return highlight(code, lexer, _formatter)


def _parser() -> MarkdownIt:
    md = MarkdownIt("js-default", {"highlight": _highlight})
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=anchor_for)
    return md


_md = _parser()


def render_note(body: str, link_for: Callable[[str], str | None]) -> RenderedNote:
    """Render a note. link_for maps a module slug to its page's URL, or None when it is unknown."""
    tokens = _md.parse(body)
    toc, internal = [], set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            toc.append((token.attrGet("id"), tokens[index + 1].content))
        for child in token.children or ():
            if child.type != "link_open":
                continue
            match = INTERNAL_LINK.match(str(child.attrGet("href") or ""))
            if match:
                internal.add(match["slug"])
                target = link_for(match["slug"])
                child.attrSet("href", (target + (match["fragment"] or "")) if target else "#")
    html = _md.renderer.render(tokens, _md.options, {})
    safe_html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    text = html_lib.unescape(nh3.clean(safe_html, tags=set()))
    return RenderedNote(safe_html, tuple(toc), " ".join(text.split()), frozenset(internal))


def code_stylesheet() -> str:
    """The CSS for highlighted code (static/css/code.css is generated from it)."""
    return HtmlFormatter(style="default").get_style_defs(".note-body pre")
