"""The simulators' database: SQLite via sqlite-utils, seeded with demo people and cars.

Demo ID cards (``<card:NAME>`` in ``kiosk chat``), dates relative to ``today``:

=========  ======================================================================
``expired``  王秀英, born 1953, card expired ~13 months ago (elderly user)
``valid``    陈建国, born 1985, valid 8 more years; owns 浙L12345 (unpaid violations)
``soon``     李海燕, born 1990, card expires in 60 days; owns 浙L66666 (mark due)
``child``    张小宇, 10 years old
``official`` 刘卫东, state staff: no self-service endorsements; owns 浙LA8888
=========  ======================================================================
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.domain.idcard import IdCard, card_validity_years, id_check_digit
from assistant.errors import StoreError

if TYPE_CHECKING:
    import sqlite_utils


def make_id_number(region: str, birth: date, seq: int) -> str:
    """A GB 11643 number: 6-digit region, birth date, 3-digit sequence, check character."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    sex: str
    birth: date
    region: str
    seq: int
    address: str
    valid_until: date | None
    validity_years: int
    official: bool = False
    g_eligible: bool = False
    permit_until: date | None = None
    licence_until: date | None = None
    health_cert: date | None = None
    points: int = 0
    mobile: str | None = None
    """Mobile number registered for SMS (demo numbers)."""

    @functools.cached_property
    def number(self) -> str:
        """The ID number (computed once per person)."""
        return make_id_number(self.region, self.birth, self.seq)

    def card(self) -> IdCard:
        until = self.valid_until
        start = _years_before(until, self.validity_years) if until else date(2010, 1, 1)
        return IdCard(self.name, self.number, self.sex, self.birth, self.address, start, until,
                      photo=f"chip-{self.key}")


ZHOUSHAN_REGIONS = {"330901": "舟山市", "330902": "舟山市定海区", "330903": "舟山市普陀区",
                    "330921": "舟山市岱山县", "330922": "舟山市嵊泗县"}
"""Region codes (GB/T 2260) of Zhoushan: the household register here knows every
resident born or registered under them."""
_SURNAMES = "王陈李张刘林徐周吴胡叶郑孙朱何"
_GIVEN = ("海燕", "国庆", "建华", "秀英", "志明", "丽娟", "伟东", "金花", "建军", "美芳", "永康",
          "小红", "阿根", "雪芬", "宏伟")
_STREETS = ("解放西路", "环城南路", "东河路", "人民北路", "海天大道", "鲁家峙路", "扬帆路")


def resident(number: str, today: date) -> dict[str, Any] | None:
    """A register row for a Zhoushan resident who is not one of the demo people (name,
    address, card and mobile made up from the number, the same every time); ``None``
    unless ``number`` is a valid number of a Zhoushan region and a born person."""
    region = ZHOUSHAN_REGIONS.get(number[:6])
    if region is None or len(number) != 18 or id_check_digit(number[:17]) != number[17]:
        return None
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if birth > today:
        return None
    seq = int(number[14:17])
    sex = "男" if seq % 2 else "女"
    name = _SURNAMES[seq % len(_SURNAMES)] + _GIVEN[(seq // 7 + birth.day) % len(_GIVEN)]
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    years = card_validity_years(age)
    issued = _years_before(today, 1 + seq % 4)
    until = None if years is None else _years_before(issued, -years)
    address = f"浙江省{region}{_STREETS[seq % len(_STREETS)]}{seq % 120 + 1}号"
    card = IdCard(name, number, sex, birth, address, issued, until, photo=f"chip-{number[-4:]}")
    return {"key": f"resident-{number[-4:]}", "number": number, "name": name,
            "birth": birth.isoformat(), "card": card.to_json(), "official": 0,
            "g_eligible": 0, "permit_until": None, "licence_until": None, "health_cert": None,
            "points": 0, "mobile": f"139{number[6:8]}58{number[14:18].replace('X', '0')}"}


def demo_people(today: date) -> list[DemoPerson]:
    """The five demo people, dated relative to ``today``."""
    d = timedelta
    return [
        DemoPerson("expired", "王秀英", "女", date(1953, 4, 12), "330902", 124,
                   "浙江省舟山市定海区解放西路18号", today - d(days=400), 20,
                   permit_until=None, licence_until=today + d(days=30),
                   health_cert=today - d(days=20), mobile="13905801234"),
        DemoPerson("valid", "陈建国", "男", date(1985, 8, 20), "330903", 131,
                   "浙江省舟山市普陀区沈家门街道东河路9号", today + d(days=8 * 365), 20,
                   g_eligible=True, permit_until=today + d(days=3 * 365),
                   licence_until=today + d(days=60), health_cert=today - d(days=30), points=4,
                   mobile="13867205678"),
        DemoPerson("soon", "李海燕", "女", date(1990, 11, 5), "330902", 262,
                   "浙江省舟山市定海区环城南路66号", today + d(days=60), 10,
                   permit_until=today + d(days=2 * 365), licence_until=today + d(days=5 * 365),
                   mobile="13588206789"),
        DemoPerson("child", "张小宇", "男", _years_before(today, 10) + d(days=30), "330921", 17,
                   "浙江省舟山市岱山县高亭镇扬帆路3号", today + d(days=700), 5,
                   permit_until=today + d(days=4 * 365)),
        DemoPerson("official", "刘卫东", "男", date(1975, 3, 18), "330902", 95,
                   "浙江省舟山市定海区人民北路100号", today + d(days=10 * 365), 20,
                   official=True, permit_until=today + d(days=3 * 365),
                   licence_until=today + d(days=6 * 365), points=9, mobile="13706801111"),
    ]


def _vehicles(people: dict[str, DemoPerson], today: date) -> list[dict[str, Any]]:
    d = timedelta
    return [
        {"plate": "浙L12345", "owner": people["valid"].number, "model": "小型轿车",
         "inspection_due": (today + d(days=45)).isoformat(), "inspection_passed": 1},
        {"plate": "浙L66666", "owner": people["soon"].number, "model": "小型轿车",
         "inspection_due": (today + d(days=30)).isoformat(), "inspection_passed": 1},
        {"plate": "浙LA8888", "owner": people["official"].number, "model": "小型越野车",
         "inspection_due": (today + d(days=300)).isoformat(), "inspection_passed": 0},
        {"plate": "浙L54321", "owner": people["official"].number, "model": "小型轿车",
         "inspection_due": (today + d(days=20)).isoformat(), "inspection_passed": 1},
    ]


def _violations(today: date) -> list[dict[str, Any]]:
    d = timedelta
    return [
        {"id": "V1001", "plate": "浙L12345", "what": "机动车违反禁止标线指示", "fine": 100.0,
         "points": 3, "camera": 1, "decided": (today - d(days=10)).isoformat(), "paid": 0},
        {"id": "V1002", "plate": "浙L12345", "what": "机动车违反规定停放", "fine": 150.0,
         "points": 0, "camera": 1, "decided": (today - d(days=30)).isoformat(), "paid": 0},
        {"id": "V1003", "plate": "浙L12345", "what": "超过规定时速50%以上", "fine": 1000.0,
         "points": 12, "camera": 1, "decided": (today - d(days=5)).isoformat(), "paid": 0},
        {"id": "V2001", "plate": "浙L54321", "what": "驾车闯红灯", "fine": 200.0,
         "points": 6, "camera": 1, "decided": (today - d(days=3)).isoformat(), "paid": 0},
    ]


_PEOPLE: dict[date, dict[str, DemoPerson]] = {}
"""The demo people by date (immutable: shared by every simulated kiosk of that day)."""
_TEMPLATES: dict[date, sqlite3.Connection] = {}
"""Seeded in-memory databases by date: a new simulated kiosk is a copy (0.2 ms), not a new
seeding (3 ms)."""


class SimDatabase:
    """All simulator state in one SQLite database (file or ``:memory:``).

    A file is opened at once (a damaged one is said at start); an in-memory database —
    every scripted chat and bench session — only when a simulator first uses it
    (:attr:`db`), so a session that never reaches a device costs nothing, and
    ``sqlite_utils`` is not imported before the first prompt."""

    def __init__(self, today: date, path: Path | str | None = None) -> None:
        self.today = today
        self.path = path
        self._db: sqlite_utils.Database | None = None
        self._people: dict[str, DemoPerson] | None = None
        if path is not None:
            self._open()

    @property
    def db(self) -> sqlite_utils.Database:
        """The database (opened and seeded on first use)."""
        return self._db if self._db is not None else self._open()

    @property
    def opened(self) -> bool:
        """True once the database is open (a simulator has used it)."""
        return self._db is not None

    @property
    def people(self) -> dict[str, DemoPerson]:
        """The demo people of :attr:`today`, by key."""
        if self._people is None:
            if self.today not in _PEOPLE:
                _PEOPLE[self.today] = {p.key: p for p in demo_people(self.today)}
            self._people = _PEOPLE[self.today]
        return self._people

    def _open(self) -> sqlite_utils.Database:
        import sqlite_utils

        path, today = self.path, self.today
        db = sqlite_utils.Database(memory=True) if path is None else sqlite_utils.Database(path)
        self._db = db
        try:
            if path is not None:
                db.enable_wal()
            elif today in _TEMPLATES:  # a fresh in-memory kiosk: copy the seeded one
                _TEMPLATES[today].backup(db.conn)
                return db  # (a template is kept only once fully seeded: no table check,
                # whose first look at the copied schema cost ~0.15 ms)
            if "prints" not in db.table_names():  # the last table seeded
                self._seed()  # (again, if a kill cut the first seeding short)
                if path is None:
                    _TEMPLATES[today] = sqlite3.connect(":memory:", check_same_thread=False)
                    db.conn.backup(_TEMPLATES[today])
            return db
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the simulated devices' file {path} cannot be used ({exc}) — "
                             "delete it to reset the demo data (kiosk doctor checks it)"
                             ) from exc

    def _seed(self) -> None:
        people = self.people.values()
        self.db.table("persons").insert_all(
            ({"key": p.key, "number": p.number, "name": p.name, "birth": p.birth.isoformat(),
              "card": p.card().to_json(), "official": int(p.official),
              "g_eligible": int(p.g_eligible),
              "permit_until": p.permit_until.isoformat() if p.permit_until else None,
              "licence_until": p.licence_until.isoformat() if p.licence_until else None,
              "health_cert": p.health_cert.isoformat() if p.health_cert else None,
              "points": p.points, "mobile": p.mobile} for p in people),
            pk="number", replace=True,
        )
        self.db.table("vehicles").insert_all(_vehicles(self.people, self.today), pk="plate",
                                             replace=True)
        self.db.table("violations").insert_all(_violations(self.today), pk="id", replace=True)
        seeded: list[dict[str, Any]] = [
            {"txn_id": "seed-1", "number": self.people["valid"].number, "backend": "household",
             "kind": "id_card", "what": "身份证换领", "status": "制证中",
             "ready": (self.today + timedelta(days=5)).isoformat(), "application_no": "HJ0001",
             "pickup_place": None, "pickup_until": None},
            {"txn_id": "seed-2", "number": self.people["valid"].number, "backend": "exit_entry",
             "kind": "permit", "what": "往来港澳通行证", "status": "已签发，可以领取",
             "ready": None, "application_no": "CR0001",
             # where and until when it can be collected (then it goes back to the office)
             "pickup_place": "定海旗舰店出入境窗口，东瀛路226号",
             "pickup_until": (self.today + timedelta(days=80)).isoformat()},
        ]
        self.db.table("applications").insert_all(seeded, pk="txn_id", replace=True)
        self.db.table("orders").create({"order_id": str, "txn_id": str, "amount": float,
                                  "subject": str, "status": str, "created": float,
                                  "paid_at": float, "charges": int, "method": str},
                                 pk="order_id",
                                 if_not_exists=True)
        self.db.table("prints").create({"id": int, "title": str, "lines": str}, pk="id",
                                 if_not_exists=True)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The rows of a query as dicts (column → value).  Plain SQL: sqlite-utils'
        ``rows_where`` first lists the tables to check that its table exists (~30 µs a
        call); every table of :meth:`_seed` exists once the database is open."""
        cursor = self.db.conn.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def person(self, number: str) -> dict[str, Any] | None:
        """The registered person with ID ``number``: a demo person, or any other resident
        of Zhoushan (a valid number of a Zhoushan region, made up on first look-up, as the
        real register knows every resident); ``None`` for anyone else."""
        number = number.upper()
        rows = self.rows("select * from persons where number = ?", [number])
        if rows:
            return rows[0]
        row = resident(number, self.today)
        if row is None:
            return None
        self.db.table("persons").insert(row, pk="number", replace=True)
        return row

    def person_card(self, number: str) -> IdCard | None:
        """The card data of the person with ID ``number`` (``None`` if unknown)."""
        person = self.person(number)
        if person is None:
            return None
        raw = person["card"]
        return IdCard.from_json(json.loads(raw) if isinstance(raw, str) else dict(raw))

    def card(self, key: str) -> IdCard | None:
        person = self.people.get(key)
        return None if person is None else person.card()
