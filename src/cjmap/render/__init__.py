"""Rendering a map for people: Markdown, one self-contained HTML page, Mermaid, PDF/PNG, and a site of maps.

The flow is one way: a validated map and its score report → :func:`cjmap.render.context.build_context` → a
Jinja template (built-in, or a user's from ``--template-dir``). Nothing here prints or exits.
"""
