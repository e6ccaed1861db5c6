"""The least a check of README.md can cost in Python: the floor beside ``mkdocs-report check`` in the benchmarks.

It imports only ``re`` and ``sys``, reads the report the course's documented way (split on "Answer:", cut each piece at
"###" then "##", count whitespace tokens and ``![..](..)``) and prints the counts: no template, no rules, no messages.
It is written for the benchmark, never as part of the project.
"""

import re
import sys

IMAGE = re.compile(r"!\[.*?\]\(.*?\)")


def main() -> int:
    with open(sys.argv[1] if len(sys.argv) > 1 else "README.md", encoding="utf-8") as file:
        text = file.read()
    for number, piece in enumerate(text.split("Answer:")[1:], 1):
        answer = piece.split("###")[0].split("##")[0]
        sys.stdout.write(f"{number}: {len(answer.split())} words, {len(IMAGE.findall(answer))} images\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
