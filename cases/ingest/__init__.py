"""Files in, rows out: finding and reading sources, the importer, bulk import, matching
re-parsed paragraphs to the anchors already published, and the admin's uploads.

The importer is the only writer of cables, paragraphs and cases (staff edits aside). It may
use parsing, extraction, the models and the helpers beside them (``search_index``,
``history``, ``rows``); never the catalog, the web pages or the admin.
"""
