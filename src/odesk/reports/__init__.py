"""Figures and exports for supervisors and researchers, computed from record dicts (no Qt).

- ``team_report(records, team_id, start, end)``: a team's figures for a period (TeamReport);
- ``research_export(records, out_dir)``: the pseudonymised CSV/JSON export with its dictionary;
- ``load_scales(dir)``: the rating scales defined as JSON files.
"""

from odesk.reports.period import Period
from odesk.reports.research_export import ExportResult, research_export
from odesk.reports.scales import Scale, ScaleError, ScaleItem, load_scales, scales_from_policy
from odesk.reports.team_report import TeamReport, team_report

__all__ = [
    "ExportResult",
    "Period",
    "Scale",
    "ScaleError",
    "ScaleItem",
    "TeamReport",
    "load_scales",
    "research_export",
    "scales_from_policy",
    "team_report",
]
