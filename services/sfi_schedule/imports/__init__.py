"""Import a schedule kept in a spreadsheet (CSV): per-row report, all or nothing unless forced."""
