"""Time campaign detection and suggested codes on generated answers of one question.

    python bench/analysis_timing.py --answers 100000

Runs the two algorithms the Celery jobs run (`analysis.duplicates.groups_find`,
`analysis.suggestions.clusters_find`) on texts made here: 2 % of them copies of five
planted campaign texts (case, punctuation, a changed word, a signature), the rest
independent answers drawn from a themed vocabulary. No database: the jobs' own reads
are one ordered `values_list` per question, measured separately in the report bench.
Prints one Markdown table row per step; peak RSS from `getrusage`.
"""

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THEMES = [
    "tariffs exports markets agreements investment farmers steel lumber dairy ports",
    "emissions arctic warming carbon forests wildfire permafrost renewable hydro flood",
    "peacekeeping diplomacy conflict mediation nations soldiers ceasefire treaty embassy",
    "refugees visas asylum families settlement language schools integration sponsors",
    "aid vaccines hospitals water sanitation nutrition girls education microcredit",
]
FILLER = [
    "the",
    "and",
    "we",
    "should",
    "more",
    "for",
    "our",
    "with",
    "that",
    "this",
    "canada",
    "people",
    "world",
]


def texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    campaigns = [
        " ".join(rng.choice(THEMES[i].split() + FILLER) for _ in range(45)) for i in range(5)
    ]
    out = []
    for n in range(count):
        if n % 50 == 0:
            base = campaigns[(n // 50) % 5]
            variant = (n // 250) % 4
            if variant == 1:
                base = base.upper()
            elif variant == 2:
                words = base.split()
                words[rng.randrange(len(words))] = "changed"
                base = " ".join(words)
            elif variant == 3:
                base += f"\n-- signed {rng.randrange(10**6)}"
            out.append(base)
        else:
            theme = THEMES[rng.randrange(5)].split() + FILLER
            out.append(" ".join(rng.choice(theme) for _ in range(rng.randint(15, 60))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()

    from analysis.duplicates import groups_find
    from analysis.suggestions import clusters_find

    made = time.perf_counter()
    corpus = texts(args.answers, args.seed)
    made = time.perf_counter() - made

    start = time.perf_counter()
    groups = groups_find(corpus)
    detect = time.perf_counter() - start

    start = time.perf_counter()
    clusters = clusters_find(corpus, "en")
    suggest = time.perf_counter() - start

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    planted = sum(1 for n in range(args.answers) if n % 50 == 0)
    print(
        "| answers | generate | detection | groups (planted copies) | suggestions | clusters | peak RSS |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.answers:,} | {made:.1f} s | {detect:.1f} s "
        f"| {len(groups)} ({sum(len(g.members) for g in groups):,} of {planted:,}) "
        f"| {suggest:.1f} s | {len(clusters)} | {rss:.0f} MiB |"
    )


if __name__ == "__main__":
    main()
