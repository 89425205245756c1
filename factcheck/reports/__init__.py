"""Reports: contradictions, a claim's dossier, a speaker's scorecard, a topic's timeline.

The query modules (``contradictions``, ``dossier``, ``scorecard``, ``timeline``) build plain
data, the documented JSON shapes of docs/json/report-*.md; the ``render_*`` modules turn that
data into text and know nothing of the database.
"""
