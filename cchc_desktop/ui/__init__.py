"""The window: ttkbootstrap views only; they call the application layer and hold no logic."""
