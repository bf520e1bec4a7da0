from flask import Blueprint

bp = Blueprint("requests", __name__, url_prefix="/requests")


@bp.route("/mine")
def mine():
    return "mine"


@bp.route("/queue")
def queue():
    return "queue"
