"""Command-line modules; each registers its commands on the root typer app."""
