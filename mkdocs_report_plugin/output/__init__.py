"""Layer 5: every output made from a Result: HTML pieces, the summary, the rules reference. Imports model, reading, rules."""
