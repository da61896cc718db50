"""The public pages and their twins: thin read-only views, JSON serializers, CSV and JSON
exports, the Atom feed, sitemaps, citations, the page cache and the URLs; the maps drawn
as SVG (``maps``), what a shared link previews (``sharing``: meta tags, JSON-LD, the
picture card) and the error pages (``errors``).

It may use the catalog, the models and ``labels``; it never writes (public pages answer GET
and HEAD only) and never imports the admin.
"""
