"""Who may see staff pages. Every staff view goes through these helpers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from engagements.models import Engagement


def staff_required(view):
    """Signed-in staff only: anonymous visitors go to sign-in, other accounts get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def engagement_or_404(user, pk):
    """The engagement if this user may see it; 404 otherwise, exactly as for one that does not exist."""
    engagement = (
        Engagement.objects.visible_to(user)
        .select_related("trainer", "client_invitation__response", "trainee_invitation__response")
        .filter(pk=pk)
        .first()
    )
    if engagement is None:
        raise Http404
    return engagement
