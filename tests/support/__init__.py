"""What the test modules share: reports and projects written for the tests, the course's real hand-ins laid out,
payloads, fuzzing, the package built and installed, and the browser. Test modules import from here, never from
each other; pytest puts ``tests/`` on the path (``pythonpath`` in pyproject.toml)."""
