"""``cjmap portfolio``: many maps read as one portfolio (see :mod:`cjmap.portfolio.report`)."""
