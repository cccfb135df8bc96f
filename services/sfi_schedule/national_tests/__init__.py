"""National test versions (admin data, courses B-D, a window each) and the sittings recorded in them."""
