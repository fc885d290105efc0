"""`python -m benchmarks`: the table of every speed target (see `benchmarks.suite`)."""

import sys

from benchmarks.suite import main

sys.exit(main())
