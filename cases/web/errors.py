"""Error pages in the site's look, each with a way back."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def not_found(request, exception=None):
    html = loader.render_to_string("404.html", {"path": request.path}, request)
    return HttpResponseNotFound(html)


@requires_csrf_token
def server_error(request):
    # Rendered without a request context: whatever failed may be the database.
    return HttpResponseServerError(loader.render_to_string("500.html"))
