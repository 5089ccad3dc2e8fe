"""``python -m learning_path``: the same CLI as ``learning-path``."""

from learning_path.cli import main

main()
