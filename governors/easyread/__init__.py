"""The easy-read page of a meeting: what it is about, in plain words and large type."""
