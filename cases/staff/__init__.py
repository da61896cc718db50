"""The admin, where staff enter and correct data: the model admins, their forms, suggested
fields for a case made from a paragraph, and the queue of suggested cases to accept or
reject.

It may use ingest (uploads, re-extraction), the catalog (search in change lists), the models
and the helpers beside them; never the public pages.
"""
