"""Reading population figures per area and year from CSV.

Statistics come as one row per area and year, e.g. Helsinki's population per
suurpiiri: `suurpiiri_tunnus,suurpiiri_nimi_fi,year,population_sum_of_peruspiirit`.
The reader finds three columns, in any letter case:

- the area code: the one named with --code-column, else the first of
  `<division>_tunnus` (e.g. `suurpiiri_tunnus`, `osaalue_tunnus`), `tunnus`,
  `code`, `koodi`;
- the year: --year-column, else `year`, `vuosi`, `år`, `ar`;
- the population: --population-column, else `population_sum_of_peruspiirit`,
  `population`, `vakiluku`, `väkiluku`, `asukasluku`, `asukkaat`, `folkmängd`.

Optionally a fourth, the residents of voting age (aged 12 or more, the base
of participatory budgeting's turnout): --eligible-column, else
`eligible_population`, `population_12_plus`, `äänioikeutetut`,
`röstberättigade`. Without it, or with an empty cell, the figure is unknown.

Other columns (names) are ignored. The file is UTF-8 (a byte-order mark, as
Excel writes, is allowed), separated by `,`, `;` or tabs: whichever the header
line holds most of, or what a first line `sep=;` declares. Populations are
whole numbers, 0 or more; spaces between groups of three digits (`123 568`,
Finnish style) are allowed. Each (code, year) appears once; codes are compared
without leading zeros (`01` is `1`).

`read_population_file` checks every row and raises PopulationFileError naming
the file, line and column; it writes nothing (areas.services.area_populations_import
does, and matches the codes to areas).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

CODE_COLUMNS = ("{division}_tunnus", "tunnus", "code", "koodi")
YEAR_COLUMNS = ("year", "vuosi", "år", "ar")
POPULATION_COLUMNS = (
    "population_sum_of_peruspiirit",
    "population",
    "vakiluku",
    "väkiluku",
    "asukasluku",
    "asukkaat",
    "folkmängd",
)
ELIGIBLE_COLUMNS = ("eligible_population", "population_12_plus", "äänioikeutetut", "aanioikeutetut", "röstberättigade")
DELIMITERS = (",", ";", "\t")
FIRST_YEAR, LAST_YEAR = 1900, 2100
# Area.population is a PositiveIntegerField (a PostgreSQL integer).
MAX_POPULATION = 2**31 - 1
MAX_FILE_BYTES = 50 * 1024 * 1024

# A whole number, optionally with its digits grouped by threes with spaces
# (a space, a no-break space or a narrow no-break space: Finnish number formats).
_WHOLE_NUMBER = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)", re.ASCII)


class PopulationFileError(ValueError):
    """A population file that cannot be imported; str() names the file, line and
    column where it can, and says why, for a person."""


@dataclass(frozen=True)
class PopulationRow:
    line: int
    code: str
    year: int
    population: int
    eligible: int | None = None  # residents of voting age; None: not known


@dataclass
class PopulationTable:
    """The rows of a population file and the columns they were read from."""

    path: str
    code_column: str
    year_column: str
    population_column: str
    eligible_column: str | None = None
    rows: list[PopulationRow] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({row.year for row in self.rows})

    def year_rows(self, year: int | None = None) -> tuple[int, list[PopulationRow]]:
        """The rows of `year` (default: the latest year in the file)."""
        if year is None:
            year = self.years[-1]
        rows = [row for row in self.rows if row.year == year]
        if not rows:
            raise PopulationFileError(
                _("{path}: no rows for the year {year}; the file has {years}.").format(
                    path=self.path, year=year, years=", ".join(str(y) for y in self.years)
                )
            )
        return year, rows

    def where(self, row: PopulationRow, column: str) -> str:
        """'file, line N, column C', the start of a message about one value."""
        return _at(self.path, row.line, column)


def _at(path, line: int, column: str) -> str:
    return _("{path}, line {line}, column {column}").format(path=path, line=line, column=column)


def code_key(code: str) -> str:
    """A code as compared: trimmed, and without leading zeros when it is all digits."""
    code = code.strip()
    if code.isascii() and code.isdigit():
        return code.lstrip("0") or "0"
    return code


def _decode(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PopulationFileError(
                _("{path}: the file is larger than {mb} MB.").format(path=path, mb=MAX_FILE_BYTES >> 20)
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PopulationFileError(_("{path}: no such file.").format(path=path)) from None
    except OSError as exc:
        raise PopulationFileError(
            _("{path}: cannot be read ({error}).").format(path=path, error=exc.strerror or exc)
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PopulationFileError(
            _("{path}, line {line}: the file is not UTF-8 text; save it as UTF-8 (in Excel: CSV UTF-8).").format(
                path=path, line=line
            )
        ) from None
    if "\x00" in text:
        raise PopulationFileError(_("{path}: the file contains NUL characters; is it a CSV file?").format(path=path))
    return text


def _choose_column(headers: dict[str, str], option: str | None, candidates: tuple[str, ...]) -> str | None:
    """The header named `option` (any letter case), or the first candidate present."""
    names = (option,) if option else candidates
    for name in names:
        found = headers.get(name.strip().lower())
        if found is not None:
            return found
    return None


def _whole_number(text: str) -> int | None:
    text = text.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        return None
    return int(re.sub(r"[ \u00a0\u202f]", "", text))


def _eligible(path: Path, line: int, column: str, text: str, population: int) -> int | None:
    """The residents of voting age in a cell: None when empty, else 0 to `population`."""
    if not text:
        return None
    eligible = _whole_number(text)
    if eligible is None or eligible < 0:
        raise PopulationFileError(
            _("{where}: the number of residents of voting age {value!r} is not a whole number of 0 or more.").format(
                where=_at(path, line, column), value=text
            )
        )
    if eligible > population:
        raise PopulationFileError(
            _("{where}: {eligible} residents of voting age is more than the population {population}.").format(
                where=_at(path, line, column), eligible=eligible, population=population
            )
        )
    return eligible


def _open_csv(path: Path, text: str):
    """A csv reader positioned after the header line, and the header's names.

    The delimiter is whichever of `,`, `;` and tab the header line holds most
    of, or the one a first line `sep=;` names (as Excel writes and reads it).
    """
    first = text.partition("\n")[0]
    declared = first.rstrip("\r")
    declares_delimiter = len(declared) == 5 and declared[:4].lower() == "sep="
    if declares_delimiter:
        delimiter = declared[4]
    else:
        delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        if declares_delimiter:
            next(reader, None)
        fieldnames = next(reader, None)
    except csv.Error as exc:
        raise PopulationFileError(
            _("{path}, line {line}: not valid CSV ({error}).").format(path=path, line=reader.line_num, error=exc)
        ) from None
    if not fieldnames or not any(name.strip() for name in fieldnames):
        raise PopulationFileError(_("{path}: the file is empty; it needs a header line and rows.").format(path=path))
    return reader, fieldnames


def read_population_file(
    path: str | Path,
    *,
    division: str,
    code_column: str | None = None,
    year_column: str | None = None,
    population_column: str | None = None,
    eligible_column: str | None = None,
) -> PopulationTable:
    """Every row of the CSV file at `path`, checked; `division` (a slug) names the
    code column looked for first (`suurpiiri_tunnus`). Column options override
    the names looked for."""
    path = Path(path)
    text = _decode(path)
    reader, fieldnames = _open_csv(path, text)
    headers = {name.strip().lower(): name for name in fieldnames if name.strip()}

    slug = division.lower()
    code_names = tuple(
        dict.fromkeys(
            name.format(division=variant)
            for name in CODE_COLUMNS
            for variant in (slug.replace("-", ""), slug.replace("-", "_"))
        )
    )
    wanted = (
        (_("the area code"), code_column, code_names),
        (_("the year"), year_column, YEAR_COLUMNS),
        (_("the population"), population_column, POPULATION_COLUMNS),
    )
    chosen = [_choose_column(headers, option, names) for _label, option, names in wanted]
    missing = [
        _("{what} ({names})").format(what=label, names=option or ", ".join(names))
        for (label, option, names), column in zip(wanted, chosen)
        if column is None
    ]
    if missing:
        raise PopulationFileError(
            _("{path}, line {line}: no column for {missing}. The columns found: {found}.").format(
                path=path,
                line=reader.line_num,
                missing="; ".join(missing),
                found=", ".join(name.strip() for name in fieldnames),
            )
        )
    code_col, year_col, population_col = chosen
    eligible_col = _choose_column(headers, eligible_column, ELIGIBLE_COLUMNS)
    if eligible_column and eligible_col is None:
        raise PopulationFileError(
            _("{path}, line {line}: no column {name!r} for the residents of voting age. The columns found: {found}.").format(
                path=path, line=reader.line_num, name=eligible_column, found=", ".join(n.strip() for n in fieldnames)
            )
        )
    positions = {name: fieldnames.index(name) for name in chosen + ([eligible_col] if eligible_col else [])}
    table = PopulationTable(
        path=str(path),
        code_column=code_col,
        year_column=year_col,
        population_column=population_col,
        eligible_column=eligible_col,
    )

    first_line: dict[tuple[str, int], int] = {}
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise PopulationFileError(
                _("{path}, line {line}: not valid CSV ({error}).").format(path=path, line=reader.line_num, error=exc)
            ) from None
        if not any(value.strip() for value in record):
            continue  # a blank line, or one of only separators (Excel writes ;;;)
        line = reader.line_num
        values = {name: record[index].strip() if index < len(record) else "" for name, index in positions.items()}

        code = values[code_col]
        if not code:
            raise PopulationFileError(_("{where}: the area code is empty.").format(where=_at(path, line, code_col)))
        year = _whole_number(values[year_col])
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            raise PopulationFileError(
                _("{where}: {value!r} is not a year (a whole number from {first} to {last}).").format(
                    where=_at(path, line, year_col), value=values[year_col], first=FIRST_YEAR, last=LAST_YEAR
                )
            )
        population = _whole_number(values[population_col])
        if population is None:
            raise PopulationFileError(
                _("{where}: the population {value!r} is not a whole number.").format(
                    where=_at(path, line, population_col), value=values[population_col]
                )
            )
        if population < 0:
            raise PopulationFileError(
                _("{where}: the population {value} is negative.").format(
                    where=_at(path, line, population_col), value=population
                )
            )
        if population > MAX_POPULATION:
            raise PopulationFileError(
                _("{where}: the population {value} is too large.").format(
                    where=_at(path, line, population_col), value=population
                )
            )
        eligible = _eligible(path, line, eligible_col, values.get(eligible_col, ""), population) if eligible_col else None
        key = (code_key(code), year)
        if key in first_line:
            raise PopulationFileError(
                _("{where}: a second row for the area {code} in {year} (the first is on line {first}).").format(
                    where=_at(path, line, code_col), code=code, year=year, first=first_line[key]
                )
            )
        first_line[key] = line
        table.rows.append(PopulationRow(line=line, code=code, year=year, population=population, eligible=eligible))
    if not table.rows:
        raise PopulationFileError(_("{path}: the file has a header line but no rows.").format(path=path))
    return table
