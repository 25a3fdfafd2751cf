"""Slowing down guesses of secret links: failures are counted per client address and minute.

The count lives in the database, so every worker and instance shares it (a per-process cache would
multiply the limit by the number of workers). The client address is the TCP peer, unless that peer
is a proxy listed in TRUSTED_PROXIES: only then is X-Forwarded-For read, from the right.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from questionnaires.models import LinkFailure

WINDOW_SECONDS = 60


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


def _window():
    now = timezone.now()
    return now.replace(second=0, microsecond=0)


def is_blocked(ip: str) -> bool:
    row = LinkFailure.objects.filter(ip=ip, window=_window()).values_list("failures", flat=True).first()
    return row is not None and row >= settings.LINK_FAILURES_PER_MINUTE


def record_failure(ip: str) -> None:
    window = _window()
    updated = LinkFailure.objects.filter(ip=ip, window=window).update(failures=F("failures") + 1)
    if not updated:
        try:
            with transaction.atomic():
                LinkFailure.objects.create(ip=ip, window=window, failures=1)
        except IntegrityError:  # another request created the row first
            LinkFailure.objects.filter(ip=ip, window=window).update(failures=F("failures") + 1)
    # Old windows are useless: drop them now and then.
    LinkFailure.objects.filter(window__lt=window - timezone.timedelta(minutes=10)).delete()
