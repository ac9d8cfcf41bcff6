"""A staff member triages three stories with the keyboard, corrects a sentiment and receives alerts.

The live screen is open while a new negative story is ingested: it appears at
the top without a reload; the rule "negative news about the hospital" alerts
the staff member (notification in the navbar) and e-mails them.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.monitoring.models import Relevance
from pressdesk.triage import actions
from pressdesk.triage.models import Alert
from pressdesk.triage.tests.helpers import hospital_term, ingest, source_for, story_of, triage_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLDEST = ("Şehir Hastanesi ziyaret saatlerini yeniden düzenledi", "Şehir Hastanesi ziyaret saatleri duyurusu.")
MIDDLE = ("Şehir Hastanesi'nde yeni yoğun bakım ünitesi hizmete girdi", "40 yataklı ünite törenle açıldı.")
NEWEST = ("Şehir Hastanesi otopark düzenlemesi başladı", "Şehir Hastanesi otoparkında çalışma var.")
LATE = ("Şehir Hastanesi acil servisinde saatlerce bekleyen hasta isyan etti", "Hasta yakınları tepki gösterdi.")


def _card(page, story):
    return page.locator(f"#story-{story.pk}")


def test_keyboard_triage_sentiment_correction_and_alerts(province, page, browser_login):
    hospital_term(province)
    source = source_for(province, name="Kocaeli Gazetesi")
    now = timezone.now()
    stories = []
    for minutes, entry in ((30, OLDEST), (20, MIDDLE), (10, NEWEST)):
        items = ingest(source, entry, when=now - datetime.timedelta(minutes=minutes))
        actions.suggest_sentiment(item_ids=[item.pk for item in items])
        stories.append(story_of(items))
    oldest, middle, newest = stories
    actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Hastane hakkında olumsuz haber",
        sentiment="negative",
        institutions=[province.hospital],
        recipients=[province.staff],
    )

    browser_login(province.staff)
    page.goto("/triage/")
    cards = page.get_by_test_id("story-card")
    expect(cards).to_have_count(3)
    expect(cards.first).to_have_id(f"story-{newest.pk}")  # newest first
    expect(_card(page, newest).locator("mark").first).to_be_visible()  # the matched term is highlighted

    # Story 1 (newest): relevant, neutral, importance high; assign to a colleague.
    page.keyboard.press("j")
    page.keyboard.press("r")
    expect(_card(page, newest).get_by_test_id("relevance")).to_have_attribute("data-value", "relevant")
    page.keyboard.press("n")
    expect(_card(page, newest).get_by_test_id("sentiment")).to_have_attribute("data-source", "staff")
    page.keyboard.press("3")
    expect(_card(page, newest).get_by_test_id("importance")).to_have_attribute("data-value", "2")
    # The importance change swaps the card in: focusing its select before the swap has
    # settled would focus the element being replaced.
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    page.keyboard.press("a")
    assignee = page.locator(f"#assignee-{newest.pk}")
    expect(assignee).to_be_focused()  # on a slow machine the keys must not run ahead of the focus
    page.keyboard.press("ArrowDown")  # the select moves to the first colleague
    expect(assignee).not_to_have_value("")
    chosen = assignee.input_value()
    page.keyboard.press("Enter")
    expect(_card(page, newest).get_by_test_id("assignee")).to_be_visible()

    # Story 2: irrelevant.
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(_card(page, middle).get_by_test_id("relevance")).to_have_attribute("data-value", "irrelevant")

    # Story 3: the model read it neutral; the staff member corrects it to negative and notes why.
    page.keyboard.press("j")
    expect(_card(page, oldest).get_by_test_id("sentiment")).to_have_attribute("data-source", "model")
    # `m` at once, while the corrected card is still being swapped in (a slow swap, as on a busy
    # network): the field follows the swap, and none of the letters typed after `m` runs as a
    # shortcut (issue 23, defect 10: "o", "a", "x" in the note would open the story, assign it
    # or mark it irrelevant).
    page.evaluate("htmx.config.defaultSwapDelay = 400")
    page.keyboard.press("g")
    page.keyboard.press("m")
    page.keyboard.type("Ziyaret kısıtlaması şikâyetlere yol açtı; arx", delay=40)
    expect(_card(page, oldest).get_by_test_id("sentiment")).to_have_attribute("data-value", "negative")
    expect(page.locator(f"#note-{oldest.pk}")).to_be_focused()
    expect(page.locator(f"#note-{oldest.pk}")).to_have_value("Ziyaret kısıtlaması şikâyetlere yol açtı; arx")
    page.keyboard.press("Enter")
    expect(_card(page, oldest).get_by_test_id("notes")).to_contain_text("şikâyetlere yol açtı; arx")
    expect(_card(page, oldest).get_by_test_id("relevance")).not_to_have_attribute("data-value", "irrelevant")

    oldest.refresh_from_db()
    newest_triage = triage_in(province.directorate, newest)
    assert (newest_triage.relevance, newest_triage.sentiment, newest_triage.importance) == ("relevant", "neutral", 2)
    assert str(newest_triage.assignee_id) == chosen
    assert triage_in(province.directorate, middle).relevance == Relevance.IRRELEVANT
    oldest_triage = triage_in(province.directorate, oldest)
    assert (oldest_triage.sentiment, oldest.sentiment_suggested) == ("negative", "neutral")
    assert oldest_triage.assignee_id is None  # no letter of the note ran as a shortcut
    assert Alert.objects.filter(story=oldest).count() == 1  # the correction raised the alert

    # A new negative story arrives while the screen is open: it appears at the top by itself.
    late = story_of(ingest(source_for(province, name="Körfez Haber"), LATE))
    expect(_card(page, late)).to_be_visible(timeout=25_000)
    expect(cards.first).to_have_id(f"story-{late.pk}")
    expect(_card(page, late).get_by_test_id("sentiment")).to_have_attribute("data-value", "negative")
    assert Alert.objects.filter(story=late).count() == 1

    page.reload()
    expect(page.get_by_test_id("notification-count")).to_have_text("2 okunmamış")
    page.goto("/notifications/")
    expect(page.get_by_text(LATE[0]).first).to_be_visible()
    recipients = [message.to for message in mail.outbox]
    assert recipients.count([province.staff.email]) >= 2
    assert any(f"/triage/stories/{late.pk}/" in message.body for message in mail.outbox)
