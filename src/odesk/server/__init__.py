"""odesk.server package."""
