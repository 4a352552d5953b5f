"""Roll-ups and their renderings.

Roll-ups (``rollups_*.py``) are pure functions from the database to plain
rows and dataclasses; the Excel writers (``excel_*.py``) and the PCC's pages
both read them, so the figures on screen and in a workbook are the same
figures. Nothing here commits. Every roll-up issues a fixed number of SQL
statements whatever the size of the data (set-based queries, never one per row).
"""
