"""What the pages share: translation, URL state, the page scaffold and charts."""
