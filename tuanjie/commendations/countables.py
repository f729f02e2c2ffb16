from tuanjie.core.countables import Countable

COUNTABLES = [
    Countable("commendation.honour", "受表彰模范集体、个人和家庭", "commendations.Nomination", "honoured_on",
              filters={"status": "honoured"}, unit="个"),
]
