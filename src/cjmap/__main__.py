"""Allow ``python -m cjmap``."""

from cjmap.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
