"""The archive's one Django app, a package per stage of the flow of the data.

    parsing/     files' text -> ParsedCable (pure Python)
    extraction/  paragraphs -> cases with their fields (pure Python)
    ingest/      sources, the importer and bulk import: the only writer of rows
    models.py    cables, paragraphs, cases; search_index, history, rows, labels beside it
    catalog/     what the lists count, filter, search and order
    web/         public pages and their JSON, CSV and Atom twins
    staff/       the admin

A package imports only those below it (``tests/test_contracts.py`` keeps the rule).
"""
