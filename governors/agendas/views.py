from flask import Blueprint

bp = Blueprint("agendas", __name__, url_prefix="/agendas")
