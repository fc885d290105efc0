"""The console's screens: start, main, follow, projector, hot wash, help, and the dialogs."""
