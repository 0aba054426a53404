"""Reference central platform the kiosks sync with."""
