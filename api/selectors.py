"""Every read of the API app. Each starts from the owner, or from the token itself."""

from __future__ import annotations

from django.db.models import F, QuerySet

from accounts.models import User
from api.keys import MAX_TOKEN_LENGTH, token_hash
from api.models import ApiToken


def tokens_for(owner: User) -> QuerySet[ApiToken]:
    """The owner's tokens: active ones first, newest first."""
    return ApiToken.objects.filter(owner=owner).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at", "-id"
    )


def token_by_key(token: str) -> ApiToken | None:
    """The token row a presented token belongs to, revoked or not; None when it is unknown."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return ApiToken.objects.select_related("owner").filter(key_hash=token_hash(token)).first()
