"""The register of interests: one for the Council and every committee."""
