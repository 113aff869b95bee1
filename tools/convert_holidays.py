#!/usr/bin/env python3
"""Converts holiday-cn yearly files into Tongban's calendar format (tongban-calendar/1).

Usage: convert_holidays.py OUT.json YEAR.json [YEAR.json ...]
A year whose file lists no days is left out: the calendar then treats that year as
unknown (plain weekdays, deadlines marked provisional) instead of as "no holidays".
"""
import json
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    years = []
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if not data.get("days"):
            continue
        years.append({
            "year": data["year"],
            "source": (data.get("papers") or [""])[0],
            "off": [{"date": d["date"], "name": d["name"]} for d in data["days"] if d["isOffDay"]],
            "work": [{"date": d["date"], "name": d["name"]} for d in data["days"] if not d["isOffDay"]],
        })
    out = {
        "format": "tongban-calendar/1",
        "note": "Statutory holidays (off) and make-up workdays (work) per State Council notices; "
                "derived from the holiday-cn data set (MIT licence).",
        "years": sorted(years, key=lambda y: y["year"]),
    }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
