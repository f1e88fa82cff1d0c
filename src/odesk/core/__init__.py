"""odesk.core package."""
