"""Layer 4: the one flow, text -> spec -> parse -> rules -> Result. Imports model, reading, rules."""
