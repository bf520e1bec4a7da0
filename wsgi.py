"""The stand-alone application, for ``flask --app wsgi`` and ``gunicorn wsgi:app``."""

from governors import create_app

app = create_app()
