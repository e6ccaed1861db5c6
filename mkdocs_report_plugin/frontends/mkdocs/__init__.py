"""The MkDocs plugin: configuration, hooks, published files."""
