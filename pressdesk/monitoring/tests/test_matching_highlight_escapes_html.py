"""highlight() marks hits and escapes everything else, so hostile documents stay inert."""

from pressdesk.monitoring.matching import Hit, Matcher, highlight


def test_script_in_document_stays_escaped():
    text = "<script>alert('x')</script> Şehir Hastanesi'nde <img src=x onerror=alert(1)> & acil"
    hits = Matcher([(1, "hastane"), (2, "acil")]).match("", text)
    html = highlight(text, [hit for term_hits in hits.values() for hit in term_hits])
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Hastanesi&#x27;nde</mark>" in html
    assert "&amp; <mark>acil</mark>" in html
    assert html.count("<mark>") == 2


def test_hit_inside_markup_like_text_is_escaped_inside_mark():
    text = "<b>hastane</b>"
    html = highlight(text, Matcher([(1, "hastane")]).match("", text)[1])
    assert html == "&lt;b&gt;<mark>hastane</mark>&lt;/b&gt;"


def test_overlapping_hits_are_merged_and_field_filters():
    text = "Kocaeli Şehir Hastanesi"
    hits = [Hit("text", 0, 13, "Kocaeli Şehir"), Hit("text", 8, 23, "Şehir Hastanesi"), Hit("title", 0, 7, "x")]
    assert highlight(text, hits, field="text") == "<mark>Kocaeli Şehir Hastanesi</mark>"
    assert highlight(text, [hits[2]], field="text") == text


def test_no_hits_returns_escaped_text():
    assert highlight("a < b", []) == "a &lt; b"
