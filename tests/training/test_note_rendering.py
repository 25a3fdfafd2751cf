"""Markdown to safe HTML: hostile input is neutralised; links and anchors work. No database."""

from training.note_rendering import anchor_for, render_note


def render(body, known=("pods",)):
    return render_note(body, lambda slug: f"/en/notes/{slug}/" if slug in known else None)


def test_script_tags_and_raw_html_are_not_rendered():
    html = render("Hello <script>alert(1)</script> <img src=x onerror=alert(1)> <b>bold</b>").html
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html  # shown as text, harmless


def test_javascript_and_data_links_are_dropped():
    html = render(
        "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://k8s.io)"
    ).html
    assert "javascript:" not in html.replace("[click](javascript:alert(1))", "")
    assert 'href="javascript' not in html and 'href="data' not in html
    assert 'href="https://k8s.io"' in html


def test_autolinked_html_entities_cannot_smuggle_a_scheme():
    html = render("[x](&#106;avascript:alert(1))").html
    assert 'href="javascript' not in html.lower()


def test_internal_links_follow_the_readers_language_and_keep_the_anchor():
    rendered = render("See [pods](/notes/pods/#key-ideas) and [gone](/notes/ghost/).")
    assert 'href="/en/notes/pods/#key-ideas"' in rendered.html
    assert 'href="#"' in rendered.html
    assert rendered.internal_links == {"pods", "ghost"}


def test_headings_get_ascii_anchors_and_a_table_of_contents():
    rendered = render("## L'essentiel\n\ntext\n\n### Détail\n\n## Exemple commenté\n")
    assert '<h2 id="l-essentiel">' in rendered.html
    assert '<h3 id="detail">' in rendered.html
    assert rendered.toc == (("l-essentiel", "L'essentiel"), ("exemple-commente", "Exemple commenté"))
    assert anchor_for("Auto-évaluation") == "auto-evaluation"


def test_code_blocks_are_highlighted_with_classes_not_inline_styles():
    html = render("```yaml\napiVersion: apps/v1\nkind: Deployment\n```\n").html
    assert '<code class="language-yaml">' in html
    assert '<span class="nt">apiVersion</span>' in html
    assert "style=" not in html


def test_unknown_code_language_is_escaped():
    html = render("```nosuchlang\n<b>x</b>\n```\n").html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_table_alignment_does_not_produce_inline_style():
    html = render("| a | b |\n|--:|:-:|\n| 1 | 2 |\n").html
    assert "<table>" in html and "style=" not in html


def test_plain_text_for_search_has_no_markup():
    text = render("## Key ideas\n\nA **Pod** & its `containers`.").text
    assert text == "Key ideas A Pod & its containers."


def test_code_stylesheet_is_the_committed_one():
    from pathlib import Path

    from training.note_rendering import code_stylesheet

    committed = (Path(__file__).resolve().parents[2] / "static" / "css" / "code.css").read_text()
    assert code_stylesheet() in committed
