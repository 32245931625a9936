"""The Markdown editor and what types into it: highlighting, line sync, find, spelling, images."""
