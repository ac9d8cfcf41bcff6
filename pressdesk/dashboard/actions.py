"""Changes of the home screen: a user's own choice of cards."""

from __future__ import annotations

from pressdesk.accounts.models import User
from pressdesk.dashboard.queries import CARDS


def set_home_cards(*, user: User, cards: list[str]) -> None:
    """Keep ``user``'s cards in this order (empty: the usual ones). Written with ``update()``: a layout is
    the user's preference, not a change for the audit log."""
    chosen = [key for key in dict.fromkeys(cards) if key in CARDS]
    User.objects.filter(pk=user.pk).update(home_cards=chosen)
    user.home_cards = chosen
