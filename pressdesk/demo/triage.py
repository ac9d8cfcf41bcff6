"""Demo triage: the model's sentiment suggestions, a few stories labelled by staff, one alert rule.

The suggestions and the rule evaluation are what the Celery task
``triage.tasks.process_new_items`` does after an ingest; the demo calls the
same actions directly so the screens are filled without a worker. When the
worker later runs the tasks the ingest enqueued, they find the suggestions
and alerts already there and add nothing (both are idempotent).
"""

from __future__ import annotations

from pressdesk.demo import monitoring as news
from pressdesk.demo.common import Orgs, Users
from pressdesk.monitoring.models import Importance, Item, Relevance, Sentiment, StoryTriage
from pressdesk.triage import actions as triage_actions
from pressdesk.triage import alerting as triage_alerting
from pressdesk.triage.models import AlertRule

HOSPITALS = ("koc-sehir", "koc-derince", "koc-gebze")


def seed(users: Users, orgs: Orgs) -> None:
    unsuggested = list(Item.objects.filter(sentiment_suggested="").values_list("pk", flat=True))
    if unsuggested:
        triage_actions.suggest_sentiment(item_ids=unsuggested)
    if not StoryTriage.objects.exclude(sentiment="").exists():
        _label_stories(users)
    if not AlertRule.objects.exists():
        _alert_rule(users, orgs)


def _label_stories(users: Users) -> None:
    staff, head = users["calisan"], users["sorumlu"]
    waiting = news.story_titled(news.ER_WAITING_TITLE, users)
    if waiting is not None:
        triage_actions.triage_story(
            actor=staff,
            story=waiting,
            relevance=Relevance.RELEVANT,
            sentiment_label=Sentiment.NEGATIVE,
            importance=Importance.HIGH,
        )
        triage_actions.assign_story(actor=head, story=waiting, assignee=staff)
        triage_actions.add_note(
            actor=staff,
            story=waiting,
            text=(
                "Haber üç yayın organında çıktı. Hastane basın sorumlusu Gül Şahin ile telefonda görüşüldü; "
                "acil servisin o akşamki hasta yoğunluğu ve bekleme süreleri için bilgi notu istenecek."
            ),
        )
    # Good news; the new MRI is then drafted for the website. The baseline model takes the snowbound-village
    # story for bad news (snow, a closed road, a sick woman): the staff's label corrects it, always wins over the
    # suggestion, and feeds the next retraining.
    for title in (news.ORGAN_DONATION_TITLE, news.SNOW_AMBULANCE_TITLE, news.NEW_MRI_TITLE):
        story = news.story_titled(title, users)
        if story is not None:
            triage_actions.triage_story(actor=staff, story=story, sentiment_label=Sentiment.POSITIVE)
    visit = news.story_titled(news.DIRECTOR_VISIT_TITLE, users)
    if visit is not None:
        triage_actions.triage_story(
            actor=staff, story=visit, sentiment_label=Sentiment.NEUTRAL, importance=Importance.LOW
        )


def _alert_rule(users: Users, orgs: Orgs) -> None:
    """Negative news about any hospital reaches the director and the unit head at once."""
    triage_actions.save_rule(
        actor=users["sorumlu"],
        organization=orgs["koc-ism"],
        institutions=[orgs[code] for code in HOSPITALS],
        recipients=[users["mudur"], users["sorumlu"]],
        name="Hastanelerle ilgili olumsuz haber",
        sentiment=AlertRule.SentimentCondition.NEGATIVE,
        send_sms=False,
    )
    matched = Item.objects.filter(matched=True, story__isnull=False).values_list("story_id", flat=True)
    triage_alerting.evaluate_rules(story_ids=sorted(set(matched)))
