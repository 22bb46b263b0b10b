"""`make bench`: run the benchmarks and print their tables.

`python -m bench` runs them all; `python -m bench callbacks` runs one.
"""

import importlib
import sys

BENCHMARKS = ["callbacks"]


def main():
    names = [arg for arg in sys.argv[1:] if not arg.startswith("-")] or BENCHMARKS
    for name in names:
        print(f"\n=== bench: {name} ===", flush=True)
        importlib.import_module(f"bench.{name}").main([])


if __name__ == "__main__":
    main()
