"""The site's panels: posts, problems, outline, navigation, new issue."""
