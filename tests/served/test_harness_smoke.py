from governors.extensions import db
from tests import factories
from tests.servers import Server, served_database


def test_smoke(tmp_path):
    with served_database(tmp_path) as (url, _app):
        factories.governor(email="a@example.org")
        db.session.commit()
        server = Server(url, tmp_path).start()
        try:
            client = server.client().sign_in("a@example.org")
            assert "Sign out" in client.get("/").text
            old = server.kill_worker()
            server.wait_ready()
            assert old not in server.worker_pids()
            assert client.get("/").status_code == 200
        finally:
            server.stop()
