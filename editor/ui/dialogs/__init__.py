"""Dialogs and pages: preferences, recovery, seeding, shortcuts, welcome, word goal."""
