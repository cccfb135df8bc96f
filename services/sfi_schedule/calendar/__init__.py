"""The Swedish SFI calendar: weekly patterns expanded into dated sessions in Europe/Stockholm."""
