"""Galley's widgets (layer 2): leaf widgets that show and ask, composed by the main window."""
