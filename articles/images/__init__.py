"""Photos: reading their embedded metadata, checking uploads, and making renditions."""
