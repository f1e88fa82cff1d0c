"""odesk.ui package."""
