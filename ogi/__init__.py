"""OGI warehouse."""
