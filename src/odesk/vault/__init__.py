"""odesk.vault package."""
