"""A demo newsroom for trying the site: original stories about an invented city, drawn photos."""
