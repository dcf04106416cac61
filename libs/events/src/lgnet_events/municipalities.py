"""The 18 municipalities of the network: lower-case names are the codes everywhere."""

from typing import Literal, get_args

Municipality = Literal[
    "agrigento",
    "bologna",
    "bolzano",
    "caserta",
    "catania",
    "firenze",
    "genova",
    "latina",
    "milano",
    "napoli",
    "palermo",
    "perugia",
    "potenza",
    "roma",
    "sassari",
    "taranto",
    "torino",
    "trieste",
]

MUNICIPALITIES: tuple[str, ...] = get_args(Municipality)
