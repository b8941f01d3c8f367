"""The rules and the model: pure functions and frozen data, no files, clock or processes.

Only the package's own reference tables (the 2025 administrative units) are read, once."""
