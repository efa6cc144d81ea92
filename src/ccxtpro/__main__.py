"""``python -m ccxtpro``: the ``ccxtpro`` command line (:mod:`ccxtpro.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
