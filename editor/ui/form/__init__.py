"""The front-matter form and its fields."""
