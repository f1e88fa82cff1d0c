"""odesk.sync package."""
