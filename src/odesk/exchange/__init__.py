"""The interchange of records with the world outside the store: the odesk-records file read by
`odesk import` and written by `odesk export` (records_file), CSV tables (csv_tables) and
pseudonymised exports (pseudonyms). Qt-free and store-free: it works on record dicts (core).
"""

from odesk.exchange.csv_tables import columns, kind_or_error, to_csv
from odesk.exchange.pseudonyms import REMOVED, Pseudonymiser, transform
from odesk.exchange.records_file import (
    FORMAT,
    VERSION,
    ExchangeError,
    check_document,
    document,
    read_records,
    to_json,
    write_dir_atomic,
    write_file_atomic,
)

__all__ = [
    "FORMAT",
    "REMOVED",
    "VERSION",
    "ExchangeError",
    "Pseudonymiser",
    "check_document",
    "columns",
    "document",
    "kind_or_error",
    "read_records",
    "to_csv",
    "to_json",
    "transform",
    "write_dir_atomic",
    "write_file_atomic",
]
