"""Infrastructure of the application layer: errors, folders, the log, the one-window lock, background jobs and
their progress, the compiled template cache. Imports nothing else of app."""
