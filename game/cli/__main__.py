"""`python -m game.cli ...` runs `wargame ...`."""

import sys

from game.cli import main

sys.exit(main())
