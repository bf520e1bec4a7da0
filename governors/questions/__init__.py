"""Questions to the board: a governor asks the board or a named non-executive director,
the answer is due within a set time, and the governor says whether it answered them."""
