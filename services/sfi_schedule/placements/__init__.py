"""Work placements during SFI: workplaces, placement offers, agreements, matching both ways and the yearly figure."""
