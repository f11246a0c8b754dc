import gc

gc.disable()  # before the imports too: the process ends after the command (fairlint.cli.entry)

from fairlint.cli import entry  # noqa: E402

entry()
