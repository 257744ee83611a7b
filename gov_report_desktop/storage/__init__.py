"""Storage: the project file, backups, recovery files and locks (no Qt)."""
