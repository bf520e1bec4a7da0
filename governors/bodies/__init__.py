"""Bodies: the Council of Governors and its committees, sub-committees, working groups and
panels, with their members, seats, deputies and quorum rules."""
