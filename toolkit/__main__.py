"""``python -m toolkit`` runs the ``atau`` command."""

from toolkit.cli.main import run

if __name__ == "__main__":
    run()
