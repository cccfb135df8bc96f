"""The role catalogue: roles, their SSYK/JobTech references and versioned requirement profiles."""
