"""The public front door: the council's page for anyone, and each public meeting's page."""
