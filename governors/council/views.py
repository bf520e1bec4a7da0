from flask import Blueprint

bp = Blueprint("council", __name__, url_prefix="/settings")


@bp.route("/")
def edit():
    return "settings"
