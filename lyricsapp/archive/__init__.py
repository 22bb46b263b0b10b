"""Library archives: export, import, retention (contract section 9, docs/archive.md)."""
