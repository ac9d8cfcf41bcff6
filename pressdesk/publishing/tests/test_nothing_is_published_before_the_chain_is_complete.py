"""1.1.2–1.1.4: publishing, scheduling and the press e-mail wait for the whole chain (and the external approvals)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory, Publication

pytestmark = pytest.mark.django_db


def test_publish_is_refused_at_every_step_until_the_director_signs(province, make_story, channels, adapter, commit):
    story = make_story()
    with pytest.raises(actions.PublishingError):
        actions.publish(actor=province.staff, story=story)
    flow = actions.submit_for_approval(actor=province.staff, story=story)
    for user in (province.unit_head, province.chief):
        with pytest.raises(actions.PublishingError):
            actions.publish(actor=province.staff, story=story, channels=[channels["mastodon"]])
        flow.refresh_from_db()
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    with pytest.raises(actions.PublishingError):
        actions.publish(actor=province.staff, story=story)
    flow.refresh_from_db()
    approval_actions.decide(actor=province.director, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    with commit():
        actions.publish(actor=province.staff, story=story, channels=[channels["mastodon"]])
    story.refresh_from_db()
    assert story.status == NewsStory.Status.PUBLISHED
    assert Publication.objects.get(story=story).status == Publication.Status.PUBLISHED
    assert len(adapter.published) == 1


def test_external_approvals_when_asked_for_are_waited_for(province, make_story, channels, adapter):
    story = make_story(goes_to_press=True, needs_external_approval=True)
    flow = actions.submit_for_approval(actor=province.staff, story=story)
    for user in (province.unit_head, province.chief, province.director):
        flow.refresh_from_db()
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.EXTERNAL
    with pytest.raises(actions.PublishingError):
        actions.publish(actor=province.staff, story=story)
    with pytest.raises(actions.PublishingError):
        actions.queue_press_mail(actor=province.staff, story=story)
    [(_ministry, token_m), (_governorship, token_g)] = approval_actions.send_external(
        actor=province.staff,
        flow=flow,
        targets=[
            approval_actions.ExternalTarget(province.ministry_press, "b@saglik.example"),
            approval_actions.ExternalTarget(province.governorship, "b@valilik.example"),
        ],
    )
    approval_actions.answer_external_link(
        token=token_m, approve=True, comment="", answered_by="Müşavir", ip_address=None
    )
    with pytest.raises(actions.PublishingError):
        actions.publish(actor=province.staff, story=story)
    approval_actions.answer_external_link(
        token=token_g, approve=True, comment="", answered_by="Valilik", ip_address=None
    )
    actions.publish(actor=province.staff, story=story)
    story.refresh_from_db()
    assert story.is_public


def test_the_publish_button_is_refused_through_the_view_before_approval(province, make_story, channels, login):
    story = make_story()
    client = login(province.staff)
    client.post(reverse("publishing:publish", args=[story.pk]), {"channels": [channels["mastodon"].pk]})
    story.refresh_from_db()
    assert story.status == NewsStory.Status.DRAFT
    assert not Publication.objects.exists()


def test_a_story_changed_after_approval_is_not_published(province, make_story, approve, adapter):
    story = make_story()
    approve(story)
    NewsStory.objects.filter(pk=story.pk).update(title="Sonradan değişen başlık")  # behind the actions' back
    story.refresh_from_db()
    with pytest.raises(actions.PublishingError):
        actions.publish(actor=province.staff, story=story)


def test_only_the_unit_publishes(province, make_story, approve):
    story = make_story()
    approve(story)
    for user in (province.affiliate, province.requester, province.outsider):
        with pytest.raises(PermissionDenied):
            actions.publish(actor=user, story=story)
