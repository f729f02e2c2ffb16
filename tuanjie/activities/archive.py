"""Activities in a year's archive, each with its photos."""
from tuanjie.activities.models import Activity
from tuanjie.archives.registry import Piece

PIECES = [
    Piece("创建活动", "HD", Activity, "start_date"),
]
