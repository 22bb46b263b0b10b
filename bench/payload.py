"""Callback payload parsing, in process: the cost of parse_callback per payload.

Each real fixture body (tests/fixtures/callbacks/*.json) and a set of invalid
bodies made from one of them are parsed many times. Parsers given with
`--against` (a git revision whose callbacks/payload.py is loaded as it was
there, or `module:function`) are timed interleaved with today's, round after
round in a shuffled order, so that a loaded machine slows them alike; the
table shows the median per payload in microseconds.

    python -m bench payload -- --against 89b0be8
"""

import argparse
import copy
import importlib
import importlib.util
import json
import random
import subprocess
import sys
import time

from bench.common import ROOT, median, print_table

FIXTURES = ROOT / "tests" / "fixtures" / "callbacks"
VALID_BASE = "success_doc_example"


def _invalid_bodies(base):
    def changed(edit):
        body = copy.deepcopy(base)
        edit(body)
        return body

    return {
        "invalid: task id with a space": changed(lambda b: b["data"].update(task_id="a b")),
        "invalid: task id missing": changed(lambda b: b["data"].pop("task_id")),
        "invalid: code a string": changed(lambda b: b.update(code="200")),
        "invalid: code out of int32": changed(lambda b: b.update(code=2**31)),
        "invalid: item title a number": changed(lambda b: b["data"]["data"][0].update(title=1)),
        "invalid: data not an object": changed(lambda b: b.update(data=None)),
        "invalid: 1,001 items": changed(lambda b: b["data"].update(data=[{}] * 1001)),
    }


def payloads():
    bodies = {
        f"valid: {path.stem}": json.loads(path.read_text("utf-8"))
        for path in sorted(FIXTURES.glob("*.json"))
    }
    return {**bodies, **_invalid_bodies(bodies[f"valid: {VALID_BASE}"])}


def _from_revision(revision):
    source = subprocess.run(
        ["git", "show", f"{revision}:callbacks/payload.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader(f"payload_at_{revision}", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{revision}:callbacks/payload.py", "exec"), module.__dict__)  # noqa: S102
    return module.parse_callback


def load_parser(name):
    if name == "today":
        return importlib.import_module("callbacks.payload").parse_callback
    if ":" in name:
        module, function = name.split(":")
        return getattr(importlib.import_module(module), function)
    return _from_revision(name)


def _time_one(parse, body, loops):
    start = time.perf_counter_ns()
    for _ in range(loops):
        try:
            parse(body)
        except Exception:  # noqa: BLE001, S112 (invalid bodies raise by design)
            continue
    return (time.perf_counter_ns() - start) / loops / 1000


def measure(parsers, bodies, rounds, loops):
    samples = {(p, b): [] for p in parsers for b in bodies}
    for _ in range(rounds):
        order = list(parsers)
        random.shuffle(order)
        for body_name, body in bodies.items():
            for parser_name in order:
                samples[parser_name, body_name].append(_time_one(parsers[parser_name], body, loops))
    return {key: median(values) for key, values in samples.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", action="append", default=[])
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--loops", type=int, default=200)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    parsers = {name: load_parser(name) for name in ["today", *args.against]}
    bodies = payloads()
    result = measure(parsers, bodies, args.rounds, args.loops)
    rows = [[body, *(f"{result[p, body]:.1f}" for p in parsers)] for body in bodies]
    valid = [b for b in bodies if b.startswith("valid")]
    rows.append(
        ["median of valid", *(f"{median([result[p, b] for b in valid]):.1f}" for p in parsers)]
    )
    invalid = [b for b in bodies if not b.startswith("valid")]
    rows.append(
        [
            "median of invalid",
            *(f"{median([result[p, b] for b in invalid]):.1f}" for p in parsers),
        ]
    )
    print_table(
        f"parse_callback, µs per payload (median of {args.rounds} rounds x {args.loops})",
        ["payload", *parsers],
        rows,
    )
