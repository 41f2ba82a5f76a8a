import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# tests/factories.py is shared by the test modules
sys.path.insert(0, str(Path(__file__).parent))

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE (default "ci"):
#   ci   the suite's example counts, no deadline (a shared 2-core machine has slow moments), derandomised
#        (the same examples on every run, so a CI failure reproduces; no example database is written);
#        too_slow is suppressed because the strategies build whole scenarios and games on purpose.
#   dev  a quick local pass: few, random examples, remembered in .hypothesis/ so a failure replays.
# A test sets its own max_examples only when its examples cost much more or much less than most (it says
# why); every other setting comes from the profile.
settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", settings.get_profile("ci"), max_examples=10, derandomize=False,
    database=settings.get_profile("default").database,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
