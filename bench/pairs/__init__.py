"""One module per pair; each has `run(ctx) -> list[Result]`."""
