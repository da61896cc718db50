"""``/healthz``: whether this process can serve the archive, for load balancers and
monitoring. Never cached; it reads one row and opens no session.

200 with the archive's version and the version of the facet index this process holds
(``null`` before its first list page; a different version means it rebuilds on the next
one); 503 when the database cannot be reached.
"""

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ..catalog.live_index import built_version
from ..models import ArchiveState


@csrf_exempt
@require_safe
@never_cache
def health(request):
    try:
        version = ArchiveState.current_version()
    except (OperationalError, InterfaceError) as error:
        response = JsonResponse(
            {"status": "unavailable", "database": "unreachable", "error": type(error).__name__},
            status=503,
        )
        response["Retry-After"] = "30"
        return response
    index = built_version()
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "archive_version": version,
            "index_version": index,
            "index_current": index == version,
        }
    )
