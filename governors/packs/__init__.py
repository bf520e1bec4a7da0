"""Board packs: the agenda, its cover sheets and every paper in one PDF, made once."""
