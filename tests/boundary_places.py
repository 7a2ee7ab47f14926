"""Places on both sides of Helsinki's boundary (EPSG:4326 lon, lat), for the tests of every
located write (areas.boundary's rule).

The neighbours' places all lie inside the old rule's box (Helsinki's extent with its
5 km margin), which took them for Helsinki; the city's own lie near its border or shore.
"""

from __future__ import annotations

from django.contrib.gis.geos import Point

NEIGHBOURS = {
    "Otaniemi, Espoo": (24.8286, 60.1867),  # Aalto University, across Laajalahti from Munkkiniemi
    "Leppävaara, Espoo": (24.8107, 60.2187),  # Sello
    "Tikkurila, Vantaa": (25.0441, 60.2925),  # the station
    "Kauniainen": (24.7286, 60.2100),  # the station
}
BORDER_HELSINKI = {
    "Östersundom": (25.1897, 60.2517),  # the church, in the part of Helsinki annexed in 2009
    "Vuosaari shore": (25.1470, 60.2046),  # Aurinkolahti beach
    "Suomenlinna": (24.9880, 60.1462),  # the church on Iso Mustasaari
}
# The sea between Kaivopuisto and Suomenlinna: water, but the city's (its divisions cover it).
SEA_BETWEEN_ISLANDS = (24.9750, 60.1500)


def place(lonlat: tuple[float, float]) -> Point:
    return Point(*lonlat, srid=4326)
