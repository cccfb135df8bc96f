"""Applying for SFI without signing in: the application, following it with the code, placing it in person."""
