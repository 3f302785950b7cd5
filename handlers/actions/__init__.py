"""Block action listeners (buttons and menus), one module per feature."""
