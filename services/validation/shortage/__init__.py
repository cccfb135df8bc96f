"""Shortage occupations: the SSYK occupation register and each municipality's versioned list of them."""
