"""Generate a roster of households for ``eligibility screen --roster`` (JSON Lines, CSV or
Parquet).

    python benchmarks/make_roster.py N OUT [--seed S] [--bad-every K] [--on DATE]

Writes N records to OUT (``.jsonl``, ``.csv`` in the flat CSV layout that
``eligibility screen --help`` documents, or ``.parquet`` in the layout of
``eligibility.roster_schema()``, every field written out). The output is the same for the same
arguments (plain :mod:`random` with a fixed seed). Households are varied: active,
retired and deceased affiliates (some killed on duty), spouses (some remarried or
with a pension of their own), children of every age (kafala, disabled, students,
married), parents, dues paid/exempt/unpaid, bank accounts, benefit history, and
some facts left out (unknown). Every K-th record (``--bad-every``, default 50; 0
for none) is deliberately bad, in turn: broken JSON, an unknown status, a negative
pension, a child born long after the affiliate's death, an unknown field. With
``--check`` (the default) every good record is validated by the library's own
household model, so the generator cannot drift from it; a bad record is checked
to be rejected.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

BAD_KINDS = ("broken-json", "bad-status", "negative-pension", "posthumous-child",
             "unknown-field")
CSV_COLUMNS = [
    "id", "dues", "bank_account", "social_hardship",
    "affiliate.id", "affiliate.status", "affiliate.birth_date", "affiliate.recruitment_date",
    "affiliate.retirement_date", "affiliate.death_date", "affiliate.killed_on_duty",
    "affiliate.monthly_salary", "affiliate.monthly_pension", "affiliate.pay_scale",
    "affiliate.disabled", "affiliate.serious_illness",
    "spouses", "children", "parents", "history",
]
PROGRAMS = ("social.eid-al-adha-grant", "leisure.summer-camp", "health.serious-illness-aid")


def _day(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _money(rng: random.Random, low: int, high: int) -> str:
    return str(Decimal(rng.randrange(low * 100, high * 100)) / 100)


def household(rng: random.Random, index: int, on: date) -> dict[str, Any]:
    """One valid household, as JSON-ready data."""
    status = rng.choices(["active", "retired", "deceased"], weights=[6, 3, 2])[0]
    birth = _day(rng, date(1950, 1, 1), date(1998, 12, 31))
    affiliate: dict[str, Any] = {"id": "a", "status": status, "birth_date": birth.isoformat()}
    recruited = _day(rng, birth + timedelta(days=20 * 365), birth + timedelta(days=30 * 365))
    recruited = min(recruited, on - timedelta(days=30))
    if rng.random() < 0.9:
        affiliate["recruitment_date"] = recruited.isoformat()
    death: date | None = None
    if status == "active":
        if rng.random() < 0.9:
            affiliate["monthly_salary"] = _money(rng, 4000, 20000)
        affiliate["pay_scale"] = rng.randint(1, 11)
    elif status == "retired":
        retired = _day(rng, recruited + timedelta(days=365), on - timedelta(days=1))
        affiliate["retirement_date"] = retired.isoformat()
        if rng.random() < 0.9:
            affiliate["monthly_pension"] = _money(rng, 1200, 9000)
    else:
        death = _day(rng, recruited + timedelta(days=30), on - timedelta(days=1))
        affiliate["death_date"] = death.isoformat()
        affiliate["killed_on_duty"] = rng.random() < 0.2
    if rng.random() < 0.05:
        affiliate["serious_illness"] = True
    if rng.random() < 0.03:
        affiliate["disabled"] = True

    spouses = []
    if rng.random() < 0.8:
        spouse: dict[str, Any] = {"id": "s1"}
        if rng.random() < 0.95:
            spouse["birth_date"] = _day(rng, birth - timedelta(days=8 * 365),
                                        birth + timedelta(days=12 * 365)).isoformat()
        if status == "deceased" and rng.random() < 0.85:
            spouse["monthly_pension"] = _money(rng, 800, 6000)
        if status == "deceased" and rng.random() < 0.05:
            spouse["remarried"] = True
        if rng.random() < 0.1:
            spouse["own_insurance"] = True
        spouses.append(spouse)

    children = []
    latest_birth = on if death is None else min(on, death + timedelta(days=250))
    for number in range(rng.choices([0, 1, 2, 3, 4, 5], weights=[2, 3, 4, 3, 2, 1])[0]):
        earliest = max(birth + timedelta(days=18 * 365), on - timedelta(days=35 * 365))
        born = _day(rng, min(earliest, latest_birth), latest_birth)
        child: dict[str, Any] = {"id": f"c{number + 1}", "birth_date": born.isoformat()}
        age = (on - born).days // 365
        if rng.random() < 0.03:
            del child["birth_date"]  # an unknown birth date
        if rng.random() < 0.05:
            child["kafala"] = True
        if rng.random() < 0.04:
            child["disabled"] = True
        if age >= 18 and rng.random() < 0.4:
            child["student"] = True
            child["schooling"] = "higher"
        elif 6 <= age < 18:
            child["schooling"] = "primary" if age < 12 else "middle" if age < 15 else "secondary"
        if age >= 20 and rng.random() < 0.2:
            child["married"] = True
        children.append(child)

    parents = [{"id": f"p{n + 1}", "birth_date": _day(rng, birth - timedelta(days=45 * 365),
                                                        birth - timedelta(days=18 * 365)
                                                        ).isoformat()}
               for n in range(rng.choices([0, 1, 2], weights=[6, 2, 1])[0])]

    people = ["a", *(s["id"] for s in spouses), *(c["id"] for c in children)]
    history = []
    for _ in range(rng.choices([0, 1, 2], weights=[7, 2, 1])[0]):
        history.append({
            "program": rng.choice(PROGRAMS),
            "person": rng.choice(people),
            "on": _day(rng, on - timedelta(days=3 * 365), on - timedelta(days=1)).isoformat(),
        })

    data: dict[str, Any] = {"id": f"h{index:07d}", "affiliate": affiliate}
    if spouses:
        data["spouses"] = spouses
    if children:
        data["children"] = children
    if parents:
        data["parents"] = parents
    if history:
        data["history"] = history
    data["dues"] = rng.choices(["paid", "exempt", "unpaid"], weights=[17, 2, 1])[0]
    if rng.random() < 0.9:
        data["bank_account"] = rng.random() < 0.8
    if rng.random() < 0.1:
        data["social_hardship"] = True
    return data


def spoil(data: dict[str, Any], kind: str) -> dict[str, Any] | str:
    """A deliberately bad version of a record (a string for broken JSON)."""
    if kind == "broken-json":
        return json.dumps(data)[:-7]
    bad: dict[str, Any] = json.loads(json.dumps(data))
    if kind == "bad-status":
        bad["affiliate"]["status"] = "on-leave"
    elif kind == "negative-pension":
        bad["affiliate"]["monthly_pension"] = "-150.00"
    elif kind == "posthumous-child":
        bad["affiliate"] = {"id": "a", "status": "deceased", "birth_date": "1960-01-01",
                            "death_date": "2010-01-01"}
        bad["children"] = [{"id": "c1", "birth_date": "2015-05-05"}]
        bad.pop("history", None)
    elif kind == "unknown-field":
        bad["affiliate"]["rank"] = "inspector"
    return bad


def csv_row(data: dict[str, Any], kind: str | None = None) -> list[str]:
    """One row of the flat CSV layout; ``kind`` spoils it (CSV has no room for an unknown
    field, so that kind becomes a row with a cell too many)."""
    bad = spoil(data, kind) if kind not in (None, "broken-json", "unknown-field") else data
    assert isinstance(bad, dict)
    affiliate = bad["affiliate"]
    row = []
    for column in CSV_COLUMNS:
        if column.startswith("affiliate."):
            value = affiliate.get(column.split(".", 1)[1])
        elif column in ("spouses", "children", "parents", "history"):
            value = json.dumps(bad[column]) if column in bad else None
        else:
            value = bad.get(column)
        row.append("" if value is None else
                   ("true" if value is True else "false" if value is False else str(value)))
    if kind == "broken-json":
        row[CSV_COLUMNS.index("children")] = '[{"id": "c1", "birth_date": '
    elif kind == "unknown-field":
        row.append("inspector")
    return row


def parquet_row(data: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """One row of a Parquet roster (typed values, every field written out); ``kind``
    spoils it (broken JSON and unknown fields cannot be written in Parquet: those kinds
    become a person id used twice)."""
    from eligibility import Household

    row = Household.model_validate(data).model_dump()
    if kind == "bad-status":
        row["affiliate"]["status"] = "on-leave"
    elif kind == "negative-pension":
        row["affiliate"]["monthly_pension"] = Decimal("-150.00")
    elif kind == "posthumous-child":
        row["affiliate"].update(status="deceased", birth_date=date(1960, 1, 1),
                                death_date=date(2010, 1, 1), recruitment_date=None,
                                retirement_date=None, monthly_salary=None)
        row["children"] = [{"id": "c1", "birth_date": date(2015, 5, 5), "kafala": False}]
        row["spouses"], row["history"] = [], []
    elif kind in ("broken-json", "unknown-field"):
        row["spouses"] = [*row["spouses"], {"id": "a"}]
    return row


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eligibility import roster_schema

    pq.write_table(pa.Table.from_pylist(rows, schema=roster_schema()), path)


def _check(records: list[tuple[dict[str, Any] | str, bool]]) -> None:
    from eligibility import Household, HouseholdError, parse_household

    for data, bad in records:
        if isinstance(data, str):
            continue
        if bad:
            try:
                parse_household(data)
            except HouseholdError:
                continue
            raise SystemExit(f"make_roster: a bad record was accepted: {data['id']}")
        Household.model_validate(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of records")
    parser.add_argument("out", type=Path, help="output file: .jsonl or .csv")
    parser.add_argument("--seed", type=int, default=20260520)
    parser.add_argument("--bad-every", type=int, default=50,
                        help="every K-th record is bad (0: none)")
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 5, 20),
                        help="the date households are built around")
    parser.add_argument("--no-check", dest="check", action="store_false",
                        help="skip validating records with the library's model")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    if args.out.suffix.lower() == ".parquet":
        rows = []
        for index in range(1, args.n + 1):
            data = household(rng, index, args.on)
            kind = BAD_KINDS[(index // args.bad_every - 1) % len(BAD_KINDS)] \
                if args.bad_every and index % args.bad_every == 0 else None
            rows.append(parquet_row(data, kind))
        _write_parquet(args.out, rows)
        print(f"{args.out}: {args.n} records", file=sys.stderr)
        return 0
    is_csv = args.out.suffix.lower() == ".csv"
    bad_count = 0
    batch: list[tuple[dict[str, Any] | str, bool]] = []
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n") if is_csv else None
        if writer is not None:
            writer.writerow(CSV_COLUMNS)
        for index in range(1, args.n + 1):
            data = household(rng, index, args.on)
            kind = None
            if args.bad_every and index % args.bad_every == 0:
                kind = BAD_KINDS[bad_count % len(BAD_KINDS)]
                bad_count += 1
            if writer is not None:
                writer.writerow(csv_row(data, kind))
                record: dict[str, Any] | str = data if kind is None else "csv"
            else:
                record = data if kind is None else spoil(data, kind)
                handle.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
            if args.check:
                batch.append((record, kind is not None))
                if len(batch) >= 1000:
                    _check(batch)
                    batch.clear()
        if args.check:
            _check(batch)
    print(f"{args.out}: {args.n} records, {bad_count} deliberately bad", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
