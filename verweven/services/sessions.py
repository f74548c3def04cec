"""What a browser session is, for every web surface: a cookie holding the session's token
(HttpOnly, so no script reads it) and a CSRF token derived from it."""

import hashlib
import hmac

SESSION_COOKIE = "verweven_session"


def csrf_token(session_token: str) -> str:
    """The CSRF token of a session: derived from its secret token, so a page of another site
    can neither read nor forge it."""
    return hmac.new(b"verweven-csrf", session_token.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_matches(session_token: str, sent: str) -> bool:
    """Whether ``sent`` is this session's CSRF token (compared in constant time)."""
    return hmac.compare_digest(sent.encode("utf-8"), csrf_token(session_token).encode("utf-8"))
