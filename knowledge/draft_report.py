"""How well ``knowledge.draft`` drafts a real article: leave-one-out on the curated articles.

For each source, the store is built in a temporary folder from the *other* sources only
(``build(only_sources=…)``), the article is drafted against that store, and the drafts are compared
with the article's curated annotations: quotations found (spans overlap) and their speaker; people
found and a right role (evidence overlaps a curated role's and the title's words are the curated
title's); every number and date of the curated facts, positions and events inside a drafted fact;
and, for each kind, the share of drafted candidates that match a curated one. The same is measured
without any store ("cold"), for an article about people nobody has annotated yet.

Run: ``make draft-report`` (``python -m knowledge.draft_report``). Prints a table and writes
results/draft-report.json.
"""
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from . import PACKAGE_DIR, SOURCES_DIR
from .build import build, load_annotations
from .draft import draft_entries
from .store import KnowledgeStore
from .text import normalise

OUT = PACKAGE_DIR.parent / "results" / "draft-report.json"
TARGETS = {"quotes_found": 1.0, "speaker_right": 0.95, "people_found": 0.9, "role_right": 0.8,
           "numbers_dates_found": 1.0}
# What counts as a number or date in the curated evidence: written independently of the drafter's rules.
GOLD_NUMBER_OR_DATE = re.compile(
    r"\$?\d[\d,]*\d(?: (?:million|billion))?|\$?\d(?: (?:million|billion))?"
    r"|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
    r"|\b(?:January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|\b(?:last|this|next|past) (?:few )?(?:week|month|year)s?\b")
TITLE_STOPWORDS = frozenset("the a an of for to in and on".split())
TITLE_AGREEMENT = 0.6  # share of a drafted title's words that must be in the curated title


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the `occurrence`-th copy of `needle` (as the build finds it), or (-1, -1)."""
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            return -1, -1
    return start, start + len(needle)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[0] >= 0 and b[0] >= 0


def title_words(title: str) -> set[str]:
    words = re.findall(r"[a-z][a-z-]*", normalise(title).replace("u.s.", "us"))
    return {w for w in words if w not in TITLE_STOPWORDS}


def titles_agree(drafted: str, curated: str) -> bool:
    """Most of the drafted title's words are the curated title's ("Foreign Minister" ~ "Russian Foreign Minister")."""
    mine, theirs = title_words(drafted), title_words(curated)
    shared = mine & theirs
    return bool(shared) and len(shared) / len(mine) >= TITLE_AGREEMENT


def same_person(drafted: Optional[dict], curated: dict) -> bool:
    """A drafted person is a curated one: same id (linked from the store), name or surname."""
    if not drafted:
        return False
    return drafted["id"] == curated["id"] or normalise(drafted["name"]) == normalise(curated["name"]) \
        or normalise(drafted["surname"]) == normalise(curated["surname"])


def curated_of(annotations: dict, source_id: str, text: str) -> dict:
    """The curated annotations of one source, with their spans in its text."""
    def span(row: dict, key: str = "evidence") -> tuple[int, int]:
        return locate(text, row[key], row.get("occurrence", 1))
    of_source = lambda rows: [row for row in rows if row["source"] == source_id]  # noqa: E731
    people = [{**p, "spans": [(r["title"], span(r)) for r in of_source(p["roles"])]} for p in annotations["people"]]
    return {
        "quotes": [(span(q, "text"), q["person"]) for q in of_source(annotations["quotes"]["quotes"])],
        "people": [p for p in people if p["spans"]],
        "statements": [span(row) for name in ("facts", "positions", "events") for row in of_source(annotations[name])],
        "positions": [span(row) for row in of_source(annotations["positions"])],
        "position_ids": [row["id"] for row in of_source(annotations["positions"])],
        "everyone": {p["id"]: p for p in annotations["people"]},
        "actors": annotations["actors"],
        "topics": annotations["topics"],
    }


def gold_numbers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Every number and date inside the curated evidence spans, once each."""
    found = {}
    for start, end in spans:
        for match in GOLD_NUMBER_OR_DATE.finditer(text, start, end):
            found[(match.start(), match.end())] = match.group(0)
    return [(s, e, t) for (s, e), t in sorted(found.items())]


def entity_names(entity: dict) -> set[str]:
    return {normalise(form) for form in [entity["name"], *entity.get("aliases", [])]} | {entity["id"]}


def measure(entries: dict, curated: dict, text: str) -> dict:
    """Compare one article's drafts with its curated annotations; misses are listed by name."""
    people = {p["id"]: p for p in entries["people"]}
    quotes = [(locate(text, q["text"], q.get("occurrence", 1)), q["person"]) for q in entries["quotes"]["quotes"]]
    result: dict = {"misses": []}

    found = right = 0
    for span, person_id in curated["quotes"]:
        match = next((q for q in quotes if overlaps(q[0], span)), None)
        found += match is not None
        if match and same_person(people.get(match[1]), curated["everyone"][person_id]):
            right += 1
        elif match:
            result["misses"].append(f"speaker of {text[span[0]:span[1]][:40]!r}: {match[1]} (curated {person_id})")
        else:
            result["misses"].append(f"quotation not found: {text[span[0]:span[1]][:40]!r}")
    matching = sum(any(overlaps(q[0], span) for span, _ in curated["quotes"]) for q in quotes)
    result["quotes"] = {"curated": len(curated["quotes"]), "found": found, "speaker_right": right,
                        "drafted": len(quotes), "drafted_matching": matching}

    found = role_right = roles_right = roles = 0
    for person in curated["people"]:
        drafted = next((p for p in people.values() if same_person(p, person)), None)
        found += drafted is not None
        if drafted is None:
            result["misses"].append(f"person not found: {person['name']}")
            continue
        spans = [(r["title"], locate(text, r["evidence"], r.get("occurrence", 1))) for r in drafted["roles"]]
        right_roles = [c for c in person["spans"] if any(overlaps(s, c[1]) and titles_agree(t, c[0]) for t, s in spans)]
        roles += len(person["spans"])
        roles_right += len(right_roles)
        role_right += bool(right_roles)
        if not right_roles:
            result["misses"].append(f"no right role for {person['name']}: drafted {[t for t, _ in spans]}, "
                                    f"curated {[t for t, _ in person['spans']]}")
    matching = sum(any(same_person(p, c) for c in curated["people"]) for p in people.values())
    result["people"] = {"curated": len(curated["people"]), "found": found, "role_right": role_right,
                        "drafted": len(people), "drafted_matching": matching,
                        "roles_curated": roles, "roles_right": roles_right}
    extra = [p["name"] for p in people.values() if not any(same_person(p, c) for c in curated["people"])]
    if extra:
        result["misses"].append(f"people drafted but not curated: {extra}")

    facts = [locate(text, f["evidence"], f.get("occurrence", 1)) for f in entries["facts"]]
    gold = gold_numbers(text, curated["statements"])
    hits = [g for g in gold if any(f[0] <= g[0] and g[1] <= f[1] for f in facts)]
    result["misses"] += [f"number or date not in a drafted fact: {g[2]!r}" for g in gold if g not in hits]
    result["numbers_dates"] = {"curated": len(gold), "found": len(hits)}
    result["facts"] = {"drafted": len(facts),
                       "drafted_matching": sum(any(overlaps(f, s) for s in curated["statements"]) for f in facts)}

    drafted_positions = [locate(text, p["evidence"], p.get("occurrence", 1)) for p in entries["positions"]]
    missed = [i for i, c in zip(curated["position_ids"], curated["positions"])
              if not any(overlaps(d, c) for d in drafted_positions)]
    if missed:
        result["misses"].append(f"positions without a drafted candidate: {missed}")
    result["positions"] = {
        "curated": len(curated["positions"]),
        "found": sum(any(overlaps(d, c) for d in drafted_positions) for c in curated["positions"]),
        "drafted": len(drafted_positions),
        "drafted_matching": sum(any(overlaps(d, c) for c in curated["positions"]) for d in drafted_positions)}

    for kind in ("actors", "topics"):
        known = [entity_names(e) for e in curated[kind]]
        drafted = entries[kind]
        result[kind] = {"drafted": len(drafted), "drafted_matching": sum(
            any(entity_names(d) & names for names in known) for d in drafted)}
    result["spans_verbatim"] = all(s[0] >= 0 for s in [q[0] for q in quotes] + facts + drafted_positions)
    return result


def add_up(results: list[dict]) -> dict:
    """Sum the counts of several articles."""
    total: dict = {"misses": []}
    for result in results:
        for kind, counts in result.items():
            if isinstance(counts, dict):
                bucket = total.setdefault(kind, {})
                for key, value in counts.items():
                    bucket[key] = bucket.get(key, 0) + value
        total["spans_verbatim"] = total.get("spans_verbatim", True) and result["spans_verbatim"]
    return total


def rates(result: dict) -> dict:
    """The figures the targets are about, and precision per kind."""
    def share(part: int, whole: int) -> Optional[float]:
        return round(part / whole, 3) if whole else None
    q, p, n = result["quotes"], result["people"], result["numbers_dates"]
    figures = {"quotes_found": share(q["found"], q["curated"]),
               "speaker_right": share(q["speaker_right"], q["curated"]),
               "people_found": share(p["found"], p["curated"]), "role_right": share(p["role_right"], p["curated"]),
               "roles_right": share(p["roles_right"], p["roles_curated"]),
               "numbers_dates_found": share(n["found"], n["curated"]),
               "positions_found": share(result["positions"]["found"], result["positions"]["curated"])}
    for kind in ("quotes", "people", "facts", "positions", "actors", "topics"):
        figures[f"precision_{kind}"] = share(result[kind]["drafted_matching"], result[kind]["drafted"])
    return figures


def run() -> dict:
    """Draft every curated article against a store without its annotations, and without any store."""
    annotations = load_annotations(SOURCES_DIR)
    source_ids = [s["id"] for s in annotations["sources"]]
    report: dict = {"method": __doc__.split("\n\n")[1].replace("\n", " "), "targets": TARGETS, "articles": {}}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for source in annotations["sources"]:
            text = (SOURCES_DIR / source["text_file"]).read_text(encoding="utf-8")
            curated = curated_of(annotations, source["id"], text)
            others = set(source_ids) - {source["id"]}
            db = Path(folder) / f"without-{source['id']}.db"
            build(db, only_sources=others)
            store = KnowledgeStore(db)
            report["articles"][source["id"]] = {
                "store": measure(draft_entries(text, source["id"], store), curated, text),
                "cold": measure(draft_entries(text, source["id"], None), curated, text)}
            store.conn.close()
    for mode in ("store", "cold"):
        results = [article[mode] for article in report["articles"].values()]
        report.setdefault("overall", {})[mode] = add_up(results)
    for block in [*report["articles"].values(), report["overall"]]:
        for mode in ("store", "cold"):
            block[mode]["rates"] = rates(block[mode])
    report["seconds"] = round(time.perf_counter() - started, 2)
    return report


ROWS = (("quotations found", "quotes", "found", "curated", "quotes_found"),
        ("speaker right", "quotes", "speaker_right", "curated", "speaker_right"),
        ("people found", "people", "found", "curated", "people_found"),
        ("people with a right role", "people", "role_right", "curated", "role_right"),
        ("roles right (all roles)", "people", "roles_right", "roles_curated", None),
        ("numbers & dates found", "numbers_dates", "found", "curated", "numbers_dates_found"),
        ("positions found", "positions", "found", "curated", None),
        ("precision: quotes", "quotes", "drafted_matching", "drafted", None),
        ("precision: people", "people", "drafted_matching", "drafted", None),
        ("precision: facts", "facts", "drafted_matching", "drafted", None),
        ("precision: positions", "positions", "drafted_matching", "drafted", None),
        ("precision: actors", "actors", "drafted_matching", "drafted", None),
        ("precision: topics", "topics", "drafted_matching", "drafted", None))


def table(report: dict, mode: str) -> str:
    """A small text table of one mode: each article, all together, the target."""
    columns = [*report["articles"], "all"]
    blocks = [*(report["articles"][c][mode] for c in report["articles"]), report["overall"][mode]]
    lines = [f"{'':26}" + "".join(f"{c:>14}" for c in columns) + f"{'target':>9}"]
    for label, kind, part, whole, target in ROWS:
        cells = []
        for block in blocks:
            a, b = block[kind][part], block[kind][whole]
            cells.append(f"{a}/{b} {100 * a / b:3.0f}%" if b else "–")
        goal = ("all" if TARGETS[target] == 1 else f"≥{100 * TARGETS[target]:.0f}%") if target else ""
        lines.append(f"{label:26}" + "".join(f"{c:>14}" for c in cells) + f"{goal:>9}")
    return "\n".join(lines)


def main() -> int:
    report = run()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for mode, title in (("store", "Leave-one-out: store built from the other article only"),
                        ("cold", "Cold: no store at all")):
        print(f"{title}\n{table(report, mode)}\n")
        for source_id, article in report["articles"].items():
            for miss in article[mode]["misses"]:
                print(f"  {source_id}: {miss}")
        print()
    overall = report["overall"]["store"]["rates"]
    short = [k for k, goal in TARGETS.items() if overall[k] is None or overall[k] < goal]
    print(f"targets {'all met' if not short else 'not met: ' + ', '.join(short)} "
          f"({report['seconds']}s) → {OUT.relative_to(PACKAGE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
