from tuanjie.core.countables import Countable

COUNTABLES = [
    Countable("title.named", "命名示范单位", "titles.DemonstrationTitle", "named_on", unit="个"),
]
