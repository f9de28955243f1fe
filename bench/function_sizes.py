"""Function sizes in youthvoice/: median, 90th percentile and largest, in lines of code.

A function's size is its lines from `def` to its last statement, without its docstring,
blank lines or comment-only lines. Usage: python -m bench.function_sizes [FOLDER]
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path


def sizes(folder: Path) -> list[tuple[int, str]]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((_code_lines(node, lines), f"{path}:{node.lineno} {node.name}"))
    return found


def _code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        docstring = range(body[0].lineno, body[0].end_lineno + 1)
    else:
        docstring = range(0)
    numbers = range(node.lineno, node.end_lineno + 1)
    return sum(
        1
        for number in numbers
        if number not in docstring and lines[number - 1].strip()[:1] not in ("", "#")
    )


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "youthvoice")
    found = sorted(sizes(folder))
    counts = [count for count, _ in found]
    p90 = statistics.quantiles(counts, n=10)[-1]
    median = statistics.median(counts)
    print(f"{len(counts)} functions: median {median:g}, p90 {p90:g}, max {counts[-1]}")
    for count, where in found[-5:]:
        print(f"  {count:3d}  {where}")


if __name__ == "__main__":
    main()
