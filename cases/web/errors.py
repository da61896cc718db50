"""The 404 page in the site's look, with a way back (the 500 and 503 are in
``archive.errors``, as they must render without the database)."""

from django.http import HttpResponseNotFound
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def not_found(request, exception=None):
    html = loader.render_to_string("404.html", {"path": request.path}, request)
    return HttpResponseNotFound(html)
