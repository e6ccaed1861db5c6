"""Layer 6, the top: MkDocs, the CLI and batch runs. Import anything below, never each other."""
