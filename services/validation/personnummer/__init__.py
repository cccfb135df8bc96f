"""Swedish identity numbers: personnummer and samordningsnummer."""
