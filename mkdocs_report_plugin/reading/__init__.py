"""Layer 2: reading a report and its world: markdown structure, the template spec, files in the repository, the course's checker and hand-in. Imports only model."""
