"""``cjmap serve``: a live preview of one map's page, or of a folder as the site, that follows every save.

:mod:`~cjmap.serve.snapshot` renders what is served, in memory, with the code ``cjmap render`` uses (a map
with problems becomes a page of its located problems); :mod:`~cjmap.serve.live` adds the one script a served
page runs (and no page ``render`` writes does) and its Content Security Policy; :mod:`~cjmap.serve.server`
answers requests from the latest snapshot only and tells open pages, by Server-Sent Events, to reload when a
save changes what they show.
"""
