"""odesk.reports package."""
