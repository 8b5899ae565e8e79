"""``cjmap lsp``: a language server for map files (diagnostics, hover, navigation, completion, fixes).

The features are pure functions over a document's text (:mod:`cjmap.lsp.analysis` checks it with the same
validate and lint pipelines the commands use; :mod:`cjmap.lsp.navigation`, :mod:`cjmap.lsp.completion` and
:mod:`cjmap.lsp.hover` answer questions about a position); only :mod:`cjmap.lsp.server` knows pygls and the
protocol. Positions inside the package are 0-based lines and columns in code points; the server converts
them to the client's units (UTF-16 by default).
"""
