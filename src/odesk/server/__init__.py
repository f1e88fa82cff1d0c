"""The trust server `odesk-server`: FastAPI over SQLAlchemy Core on SQLite or PostgreSQL.

It is the only place that decides who may see and change what (DESIGN §5–§6). Entry points:
`odesk.server.app.create_app`, `odesk.server.admin` (what the admin command line does, as Python
functions), `odesk.server.embedded.run_in_thread` (a real uvicorn in this process, for the demo
and the tests).
"""
