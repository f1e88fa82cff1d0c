"""The demo: fictional records (`odesk.demo.data`) and the throwaway world behind `odesk demo`
(`odesk.demo.world`: an embedded trust server, its teams and users, one enrolled store per
profile). Qt-free; the window is `odesk.ui.demo`. The one place on the desktop side that may
start a trust server (an import-linter contract in pyproject.toml says so).
"""
