"""Atau's command line: thin typer modules that parse, call the core, print."""
