"""Rules every schedule save must pass: dayparts, open preschools, capacity, distance, double-booking."""
