"""AdminError: an administrative action refused, for the admin functions and the backups alike
(its own module so that `admin` may import `backup` without `backup` importing `admin` back)."""


class AdminError(ValueError):
    """An administrative action refused; str(e) is one line."""
