"""The report e-mail: HTML with inline styles and tables, no script, a plain-text part, the PDF attached."""

import re

from django.core import mail
from lxml import html as lxml_html

from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


def test_email_has_inline_styled_html_text_alternative_and_pdf(province, world):
    world.news("Şehir Hastanesi'nde acil servis yoğunluğu", sentiment="negative", summary="<p>Uzun <b>bekleme</b>.</p>")
    world.news("<script>alert(1)</script> İl Sağlık aşı haftası", about="directorate", sentiment="positive")
    add_recipient(province, user=province.director)
    report = daily_report(province)
    send(report, province.staff)

    assert report.status == "sent"
    [message] = mail.outbox
    assert message.to == [province.director.email]
    assert "Şehir Hastanesi'nde acil servis yoğunluğu" in message.body  # plain-text part
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html  # the news title is escaped, not run
    assert "<style" not in html.lower()
    assert "<link" not in html.lower()
    tree = lxml_html.fromstring(html)
    assert tree.xpath("//table")
    styled = tree.xpath("//*[@style]")
    assert len(styled) > 20
    assert not tree.xpath("//*[@class]")  # no classes: mail clients drop style sheets
    assert not [a for a in tree.xpath("//a/@href") if a.startswith("javascript")]
    assert re.search(r"\son[a-z]+\s*=", html) is None  # no event handlers
    [(filename, data, content_type)] = message.attachments
    assert content_type == "application/pdf"
    assert filename.endswith(".pdf")
    assert data.startswith(b"%PDF")
