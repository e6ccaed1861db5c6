"""Generated hand-ins for the benchmarks: the exam template's shape, made-up words.

Nothing here comes from the seeds or the course's templates: headings, prompts, the
checklist and answers are produced from the question limits the engine knows
(``shipped_specs()``) and a fixed vocabulary, with a seeded random generator so
every run measures the same files. A report is about 35 KB, like a real one; some
answers are too short or too long, some images missing, so the rules have work to do.
"""

from __future__ import annotations

import random
from pathlib import Path

from mkdocs_report_plugin.reading.shipped import shipped_specs

VOCABULARY = (
    "model data pipeline docker image cloud run bucket training experiment sweep config hydra logging "
    "wandb metrics accuracy loss validation test coverage workflow github actions cache build deploy "
    "api fastapi endpoint request latency monitoring drift alert service account storage version dvc "
    "remote the a we our to of and in for with on was is it that this by from which used"
).split()
CODE_LINES = ("uv run train.py --epochs 10", "docker build -f dockerfiles/api.dockerfile .",
              "gcloud run deploy api --region europe-west1", "dvc pull && pytest tests/")  # fmt: skip
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def sentence(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(count)).capitalize() + "."


def paragraphs(rng: random.Random, total: int) -> str:
    """About ``total`` words in paragraphs of 40-80 words, with a code block now and then."""
    parts, left = [], total
    while left > 0:
        size = min(left, rng.randint(40, 80))
        parts.append(" ".join(sentence(rng, min(size, 12)) for _ in range(max(1, size // 12))))
        left -= size
        if rng.random() < 0.15:
            parts.append(f"```bash\n{rng.choice(CODE_LINES)}\n```")
    return "\n\n".join(parts)


def prompt(rng: random.Random, number: int, generation: str) -> str:
    constraints = shipped_specs()[generation].constraints[number]
    lines = [f"> **{sentence(rng, 25)}**", ">"]
    if constraints.words is not None:
        length = "Answer length" if generation == "2023" else "Recommended answer length"
        lines += [f"> {length}: {constraints.words} words.", ">"]
    if constraints.images is not None:
        lines += [f"> Insert {constraints.images} images.", ">"]
    lines += [f"> Example: *{sentence(rng, 20)}*", ">", "> Answer:"]
    return "\n".join(lines)


def answer(rng: random.Random, number: int, generation: str, scale: int) -> tuple[str, list[str]]:
    """The answer's text and the figure files it links to; one answer in six breaks a limit."""
    constraints = shipped_specs()[generation].constraints[number]
    broken = rng.random() < 1 / 6
    if constraints.words is None:
        text = f"Group {number}" if number == 1 else "s123456, s234567, s345678"
    else:
        low, high = constraints.words.minimum, constraints.words.maximum
        count = rng.randint(1, max(1, low - 1)) if broken and low > 1 else rng.randint(max(low, 1), high)
        text = paragraphs(rng, count * scale)
    figures = []
    if constraints.images is not None:
        wanted = 0 if broken else rng.randint(constraints.images.minimum, constraints.images.maximum)
        figures = [f"figures/q{number}_{index}.png" for index in range(wanted)]
        text += "".join(f"\n\n![screenshot {index}]({figure})" for index, figure in enumerate(figures))
    return text, figures


def checklist(rng: random.Random, generation: str) -> str:
    """The template's checklist as students keep it: the spec's items, about 70% ticked, one in twenty reworded
    (a made-up sentence, which the checklist rules match by similarity, the costly way)."""
    weeks = []
    for section in shipped_specs()[generation].checklist:
        items = [f"* [{'x' if rng.random() < 0.7 else ' '}] {sentence(rng, 9) if rng.random() < 0.05 else item}"
                 for item in section.items]  # fmt: skip
        weeks.append(f"### {section.title}\n\n" + "\n".join(items))
    return "\n\n".join(weeks)


def report(seed: int, *, generation: str = "2025", scale: int = 1) -> tuple[str, list[str]]:
    """One report's text and its figures; ``scale`` multiplies every answer's length."""
    rng = random.Random(seed)
    parts = ["# Exam template for 02476 Machine Learning Operations", "", sentence(rng, 40), "",
             "## Overall project checklist", "", checklist(rng, generation), "", "## Group information"]  # fmt: skip
    figures: list[str] = []
    for number in range(1, shipped_specs()[generation].question_count + 1):
        text, linked = answer(rng, number, generation, scale)
        figures += linked
        parts += ["", f"### Question {number}", "", prompt(rng, number, generation), "", text]
    return "\n".join(parts) + "\n", figures


def write_class(root: Path, count: int) -> list[Path]:
    """``count`` hand-ins ``root/group-NNNN/reports/README.md`` with their figures."""
    paths = []
    for index in range(count):
        generation = ("2023", "2024", "2025", "2026")[index % 4]
        text, figures = report(index, generation=generation)
        reports = root / f"group-{index:04d}" / "reports"
        (reports / "figures").mkdir(parents=True)
        (reports / "README.md").write_text(text, encoding="utf-8")
        for figure in figures:
            (reports / figure).write_bytes(PNG)
        paths.append(reports / "README.md")
    return paths
