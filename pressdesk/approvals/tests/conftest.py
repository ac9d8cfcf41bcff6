import pytest

from pressdesk.approvals import actions
from pressdesk.testing.letters import make_letter


@pytest.fixture
def letter(province):
    return make_letter(province)


@pytest.fixture
def chain(province):
    """Helpers to walk a flow through its chain."""

    class Chain:
        @staticmethod
        def approve(flow, user, comment=""):
            flow.refresh_from_db()
            return actions.decide(
                actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash, comment=comment
            )

        @staticmethod
        def ret(flow, user, comment="Düzeltiniz"):
            flow.refresh_from_db()
            return actions.decide(
                actor=user, flow_id=flow.pk, approve=False, seen_hash=flow.content_hash, comment=comment
            )

        @staticmethod
        def to_signed(flow):
            Chain.approve(flow, province.unit_head)
            Chain.approve(flow, province.chief)
            Chain.approve(flow, province.director)
            flow.refresh_from_db()
            return flow

    return Chain
