"""The public pages and their twins: thin read-only views, JSON serializers, CSV and JSON
exports, the Atom feed, sitemaps, citations, the page cache and the URLs.

It may use the catalog, the models and ``labels``; it never writes (public pages answer GET
and HEAD only) and never imports the admin.
"""
