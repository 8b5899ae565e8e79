"""``cjmap history``: how the experience changed over git history, per map and for the portfolio."""
