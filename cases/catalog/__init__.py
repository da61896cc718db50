"""What the lists count, filter, search and order: the in-memory facet index, the facets
and their counts, the filter set, full-text search, the list's pages and histogram, a
case's neighbours in a list, where cases are told in their paragraphs (the sentences
marked, for the pages and the admin alike), the cable list's filters and a long cable's
contents (``cables``), and what the front page says the archive holds (``overview``).

It reads the models (and ``labels``, ``rows``); it never imports ingest's writers, the web
pages or the admin, so that any page or command can ask it what a query selects.
"""
