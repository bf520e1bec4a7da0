"""The action log: what meetings asked someone to do, followed up until done."""
