from fairlint.cli import entry

entry()
