"""odesk.core: the record model, validation, revision trees and merge rules.

Pure Python with no I/O, no Qt, no SQL and no HTTP, so the desktop client and the trust server run
exactly the same code and therefore compute the same heads from the same revisions.
"""
