"""The SFI and placement target figures: aggregates in SQL, cells of persons with small ones suppressed."""
