"""odesk.store package."""
