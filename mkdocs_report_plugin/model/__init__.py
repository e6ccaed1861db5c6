"""Layer 1, the bottom: the data model (Result, Question, Finding, Template). Imports nothing of the package."""
