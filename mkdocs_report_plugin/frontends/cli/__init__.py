"""The command line: check, html, handin, summary, rules, spec; batch runs."""
