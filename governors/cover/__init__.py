"""Cover when a governor is unavailable: periods of absence, and who stands in."""
