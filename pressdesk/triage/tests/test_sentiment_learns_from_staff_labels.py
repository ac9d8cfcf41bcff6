"""Retraining uses the unit's own labels: a house-specific phrase the baseline reads wrongly is learnt."""

import pytest

from pressdesk.triage import actions, sentiment
from pressdesk.triage.models import SentimentModel
from pressdesk.triage.tests.helpers import hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db

# "Beyaz Kod" is this province's code for violence against health workers: negative for the directorate.
PHRASE = "Şehir Hastanesi'nde beyaz kod verildi"


def test_retrained_model_follows_the_units_corrections(province):
    hospital_term(province)
    source = source_for(province)
    probe = sentiment.prepare("Devlet hastanesinde beyaz kod verildi")
    [before] = sentiment.predict(sentiment.current_pipeline(), [probe])
    assert before.label != "negative"
    places = ["acil serviste", "poliklinikte", "otoparkta", "kadın doğum katında", "yoğun bakım önünde", "bahçede"]
    for n, place in enumerate(places):
        items = ingest(source, (f"{PHRASE}: {place}", f"{n + 2} görevli {place} beyaz kod anonsuyla toplandı."))
        actions.triage_story(actor=province.staff, story=story_of(items), sentiment_label="negative")
    row = actions.retrain_sentiment_model()
    assert row.labels_used >= 3
    assert SentimentModel.objects.count() == 1
    [suggestion] = sentiment.predict(sentiment.current_pipeline(), [probe])
    assert suggestion.label == "negative"


def test_a_tampered_model_is_never_loaded(province):
    row = actions.retrain_sentiment_model()
    assert sentiment.load(bytes(row.payload), "0" * 64) is None
    assert sentiment.load(bytes(row.payload), row.digest) is not None


def test_old_models_are_pruned(province):
    for _ in range(actions.KEEP_MODELS + 2):
        actions.retrain_sentiment_model()
    assert SentimentModel.objects.count() == actions.KEEP_MODELS
