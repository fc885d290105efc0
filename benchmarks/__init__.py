"""Speed targets, measured as a user waits: `python -m benchmarks` prints them all as one table.

`benchmarks.scenarios` generates the scenarios every benchmark runs on; `benchmarks.suite`
measures each figure against its reference in the same run. The older single-purpose
scripts (`bench_validate.py`, `bench_session.py`, `bench_report.py`, `bench_citations.py`)
measure in one process, for profiling one part.
"""
