"""The use cases: what the command line and the window ask of the data (entry, checks, consolidation, imports,
units, maintenance, templates, the live texts). Below content and presenters; above infra."""
